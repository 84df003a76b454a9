import { Resvg } from '@resvg/resvg-js';

/**
 * Rasterises an SVG document to PNG with resvg (text in the system's fonts: DejaVu Sans on Debian; without any
 * font installed the text is left out and the drawing is unchanged).
 */
export function svgToPng(svg: string): Buffer {
  const resvg = new Resvg(svg, {
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans', sansSerifFamily: 'DejaVu Sans' },
    background: '#ffffff',
  });
  return resvg.render().asPng();
}
