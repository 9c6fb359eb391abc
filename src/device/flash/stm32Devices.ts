/**
 * What the STM32 flashers need to know about a part: the product ID its system boot loader answers to GET_ID
 * (ST AN2606), so a board of another kind is refused before anything is erased, and how its flash is divided
 * into erase units (pages, or sectors of different sizes on F2/F4/F7 — the reference manuals), so a write that
 * failed part-way resumes at the start of an erase unit and keeps what was already written before it.
 */

const K = 1024;
/** F2, F401/F405/F407/F41x/F446, F72x: 4 × 16 KB, 64 KB, then 128 KB sectors (RM0090, RM0368, RM0431). */
const F2F4 = [16 * K, 16 * K, 16 * K, 16 * K, 64 * K, 128 * K];
/** F42x/F43x/F469 (dual bank, 2 MB): the F4 map twice (RM0090). */
const F4_DUAL = [...F2F4, 128 * K, 128 * K, ...F2F4];
/** F74x/F75x/F76x (single bank): 4 × 32 KB, 128 KB, then 256 KB sectors (RM0385, RM0410). */
const F7 = [32 * K, 32 * K, 32 * K, 32 * K, 128 * K, 256 * K];

/** Erase units from the flash base by product ID, for parts whose units differ in size; the last one repeats. */
const SECTOR_MAPS: Record<number, number[]> = {
  0x411: F2F4,
  0x413: F2F4,
  0x421: F2F4,
  0x423: F2F4,
  0x431: F2F4,
  0x433: F2F4,
  0x441: F2F4,
  0x452: F2F4,
  0x458: F2F4,
  0x463: F2F4,
  0x419: F4_DUAL,
  0x434: F4_DUAL,
  0x449: F7,
  0x451: F7,
};

/** Product IDs (AN2606) by the start of a part number (PlatformIO's `build.mcu`, lower case). */
const PRODUCT_IDS: Array<[RegExp, number]> = [
  [/^stm32f4(05|07|15|17)/, 0x413],
  [/^stm32f4(27|29|37|39)/, 0x419],
  [/^stm32f446/, 0x421],
  [/^stm32f411/, 0x431],
  [/^stm32f7(45|46|56)/, 0x449],
  [/^stm32f7(65|67|69|77|79)/, 0x451],
  [/^stm32h7(43|45|47|53|55|57|50)/, 0x450],
  [/^stm32h7(a3|b3|b0)/, 0x480],
  [/^stm32l4(75|76|85|86)/, 0x415],
  [/^stm32l4(r5|r7|r9|s5|s7|s9)/, 0x470],
];

/** The product ID the boot loader of a part answers (undefined for parts not listed). */
export function stm32ProductId(mcu: string): number | undefined {
  const m = mcu.toLowerCase();
  return PRODUCT_IDS.find(([re]) => re.test(m))?.[1];
}

/**
 * The erase units of a part from the flash base (the last one repeats).
 * @param uniformPage the page size to assume for parts with equal pages (stm32flash prints it at connect)
 */
export function eraseUnits(productId: number, uniformPage: number): number[] {
  return SECTOR_MAPS[productId] ?? [uniformPage];
}

/** The start of the erase unit holding `offset` (bytes from the flash base). */
export function unitStart(units: number[], offset: number): number {
  let start = 0;
  for (let i = 0; ; i++) {
    const size = units[Math.min(i, units.length - 1)];
    if (offset < start + size) return start;
    start += size;
  }
}
