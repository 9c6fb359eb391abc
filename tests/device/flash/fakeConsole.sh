# A Raspberry Pi's serial console in miniature, for tests/device/flash/rpiConsole.test.ts (run by socat on a pty):
# a getty-like login (user pi, password raspberry; "Login incorrect" otherwise), then an interactive bash with a
# Pi-like prompt in $HOME.
while :; do
  printf '\nraspberrypi login: '
  IFS= read -r user || exit 0
  printf 'Password: '
  stty -echo
  IFS= read -r pass
  stty echo
  printf '\n'
  if [ "$user" = pi ] && [ "$pass" = raspberry ]; then
    cd "$HOME" && PS1='pi@raspberrypi:~ $ ' exec bash --norc --noprofile -i
  fi
  printf '\nLogin incorrect\n'
done
