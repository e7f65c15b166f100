// Text colours that stay legible on whatever colour the writer picked.

/** Relative luminance of a #rrggbb colour (WCAG 2.x definition). */
export function luminance(hex: string): number {
  const m = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex.trim());
  if (!m) return 0;
  const [r, g, b] = m.slice(1).map((h) => {
    const c = Number.parseInt(h, 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** Cream text on dark colours, near-black ink on light ones. */
export function inkFor(background: string): { ink: string; inkSoft: string } {
  // the crossover where cream (L≈0.87) and ink (L≈0.02) give equal contrast
  return luminance(background) > 0.18
    ? { ink: '#1d1b18', inkSoft: 'rgba(29, 27, 24, 0.72)' }
    : { ink: '#fbf4e4', inkSoft: 'rgba(251, 244, 228, 0.78)' };
}

/** The colour darkened by `amount` (0..1), for the spine of the mock-up. */
export function darken(hex: string, amount: number): string {
  const m = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex.trim());
  if (!m) return hex;
  return `#${m
    .slice(1)
    .map((h) =>
      Math.round(Number.parseInt(h, 16) * (1 - amount))
        .toString(16)
        .padStart(2, '0'),
    )
    .join('')}`;
}
