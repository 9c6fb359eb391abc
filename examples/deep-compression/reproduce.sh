#!/usr/bin/env bash
# Re-creates the compressed models of this folder with `tinyfit compress` (the recipes beside this script, the
# 8,000 training digits of examples/mnist's split, accuracy on its 2,000 test digits), then generates and builds
# each for the virtual Cortex-M4 board and prints what `tinyfit build` measures. About 10 minutes on 2 cores.
#   bash examples/deep-compression/reproduce.sh [out-dir]    (default build/deep-compression)
set -euo pipefail
cd "$(dirname "$0")/../.."
out="${1:-build/deep-compression}"
npm run build --silent
npx tsc -p examples/tsconfig.json
node build/examples/examples/deep-compression/data.js "$out/data"
for pair in lenet-300-100:mlp lenet-5:lenet5; do
  name="${pair%%:*}"
  model="${pair##*:}"
  npx tinyfit compress "examples/mnist/$model" --train "$out/data/train_x.npy" --labels "$out/data/train_y.npy" \
    --eval examples/mnist/test_x.npy --eval-labels examples/mnist/test_y.npy \
    --recipe "examples/deep-compression/$name.recipe.json" --out "$out/$name"
  npx tinyfit generate "$out/$name" --target qemu-cortex-m4 --io int8 --out "$out/$name-m4"
  npx tinyfit build "$out/$name-m4"
done
