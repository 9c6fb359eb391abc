/** --trace: hex dump lines with direction, offset, bytes and their printable characters. */
import { hexTrace } from '../../src/device/trace';

it('dumps 16 bytes a line with direction and offset', () => {
  const lines: string[] = [];
  hexTrace((l) => lines.push(l))('tx', Buffer.concat([Buffer.from('tinyfit:'), Buffer.from([0, 1, 2, 0xff]), Buffer.from('abcdefgh')]));
  expect(lines).toHaveLength(2);
  expect(lines[0]).toMatch(/^ +\d+\.\d{3} tx 0000  74 69 6e 79 66 69 74 3a 00 01 02 ff 61 62 63 64  tinyfit:....abcd\n$/);
  expect(lines[1]).toMatch(/^ +\d+\.\d{3} tx 0010  65 66 67 68 {37} efgh\n$/);
});
