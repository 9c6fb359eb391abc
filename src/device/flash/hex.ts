/** Addresses and bytes as flashers print them: `0x08000000`, `0x5a`. */

/** A 32-bit address as 0x and eight hex digits. */
export const hex8 = (n: number): string => `0x${n.toString(16).padStart(8, '0')}`;

/** A byte as 0x and two hex digits. */
export const hex2 = (n: number): string => `0x${n.toString(16).padStart(2, '0')}`;
