/** Training-time data augmentation for 28×28 digits: the library's seeded random shifts. */
export { randomShift } from '../../src/compress/augment';
