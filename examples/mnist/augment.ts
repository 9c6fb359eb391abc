/** Training-time data augmentation for 28×28 digits: the library's (src/compress/augment.ts). */
export { randomShift } from '../../src/compress/augment';
