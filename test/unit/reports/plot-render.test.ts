/** Vega-Lite -> SVG -> PNG with the DejaVu fonts: size, text and ink. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { plotConfig, renderVegaLite, svgToPng } from '../../../reports/plot-render';
import { decodePng, inkStats } from './plot-png-pixels';

describe('renderVegaLite', () => {
  it('renders axes, title and data; the PNG is the SVG size times the scale and not blank', async () => {
    const plot = await renderVegaLite({
      config: plotConfig,
      title: 'Render check',
      width: 200,
      height: 120,
      data: {
        values: [
          { x: 0, y: 1 },
          { x: 1, y: 3 },
          { x: 2, y: 2 },
        ],
      },
      mark: 'line',
      encoding: {
        x: { field: 'x', type: 'quantitative', title: 'time (s)' },
        y: { field: 'y', type: 'quantitative', title: 'C (mM)' },
      },
    });
    const [, w, h] = /width="(\d+)" height="(\d+)"/.exec(plot.svg) ?? [];
    expect(plot.width).toBe(2 * Number(w));
    expect(plot.height).toBe(2 * Number(h));
    expect(plot.svg).toContain('Render check');
    expect(plot.svg).toContain('time (s)');
    expect(plot.svg).toContain('font-family="DejaVu Sans"');
    const pixels = decodePng(plot.png);
    expect([pixels.width, pixels.height]).toEqual([plot.width, plot.height]);
    const ink = inkStats(pixels);
    // Text and lines, anti-aliased: a few percent of the pixels, many grey levels; a blank image has 1 colour.
    expect(ink.inkFraction).toBeGreaterThan(0.01);
    expect(ink.colours).toBeGreaterThan(20);
  });

  it('draws text with the DejaVu fonts, and draws no text without them', () => {
    const svg =
      '<svg xmlns="http://www.w3.org/2000/svg" width="120" height="30"><text x="5" y="20" font-family="DejaVu Sans" font-size="16">Axis 0.5</text></svg>';
    expect(inkStats(decodePng(svgToPng(svg).png)).inkFraction).toBeGreaterThan(0.02);
    const noFonts = mkdtempSync(join(tmpdir(), 'no-fonts-'));
    expect(inkStats(decodePng(svgToPng(svg, { fontDir: noFonts }).png)).inkFraction).toBe(0);
  });
});
