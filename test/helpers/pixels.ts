// Comparing pictures in tests: how far apart two images of the same size are.
import sharp from 'sharp';

/** Mean absolute difference (0–255) of two images of the same size, alpha dropped. */
export async function meanDifference(a: Buffer | string, b: Buffer | string): Promise<number> {
  const [x, y] = await Promise.all([a, b].map((i) => sharp(i).removeAlpha().raw().toBuffer()));
  if (x!.length !== y!.length) throw new Error(`images of different sizes (${x!.length} and ${y!.length} bytes of pixels)`);
  let sum = 0;
  for (let i = 0; i < x!.length; i++) sum += Math.abs(x![i]! - y![i]!);
  return sum / x!.length;
}
