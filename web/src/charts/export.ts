/**
 * Export a chart: SVG with its styles inside (charts set presentation attributes, not CSS, so the
 * file stands alone), PNG rendered from that SVG at twice the size, and the chart's data as CSV.
 * Everything happens in the page; nothing is sent anywhere.
 */
/** The SVG as a file; `notes` (the lever changes) are written under the drawing, which grows to hold them. */
export function svgText(svg: SVGSVGElement, notes: readonly string[] = []): string {
  const clone = svg.cloneNode(true) as SVGSVGElement;
  clone.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  clone.setAttribute('version', '1.1');
  if (notes.length > 0) {
    const vb = clone.viewBox.baseVal;
    const w = vb && vb.width > 0 ? vb.width : Number(clone.getAttribute('width')) || 800;
    const h0 = vb && vb.height > 0 ? vb.height : Number(clone.getAttribute('height')) || 400;
    const line = 16;
    const extra = line * (notes.length + 1);
    const ns = 'http://www.w3.org/2000/svg';
    const g = document.createElementNS(ns, 'g');
    g.setAttribute('font-size', '12');
    g.setAttribute('fill', '#333333');
    const bg = document.createElementNS(ns, 'rect');
    bg.setAttribute('y', String(h0));
    bg.setAttribute('width', String(w));
    bg.setAttribute('height', String(extra));
    bg.setAttribute('fill', '#ffffff');
    g.append(bg);
    notes.forEach((n, i) => {
      const text = document.createElementNS(ns, 'text');
      text.setAttribute('x', '8');
      text.setAttribute('y', String(h0 + line * (i + 1)));
      text.textContent = n;
      g.append(text);
    });
    clone.append(g);
    clone.setAttribute('viewBox', `0 0 ${w} ${h0 + extra}`);
    const hh = Number(clone.getAttribute('height'));
    if (hh) clone.setAttribute('height', String(hh * ((h0 + extra) / h0)));
  }
  // Canvas overlays (animation) are not part of the SVG; foreign objects would not render.
  clone.querySelectorAll('foreignObject').forEach((n) => n.remove());
  return '<?xml version="1.0" encoding="UTF-8"?>\n' + new XMLSerializer().serializeToString(clone);
}

export function download(name: string, data: Blob): void {
  const url = URL.createObjectURL(data);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function downloadSvg(svg: SVGSVGElement, name: string, notes: readonly string[] = []): void {
  download(`${name}.svg`, new Blob([svgText(svg, notes)], { type: 'image/svg+xml' }));
}

export async function pngBlob(svg: SVGSVGElement, scale = 2, notes: readonly string[] = []): Promise<Blob> {
  const text = svgText(svg, notes);
  const sized = new DOMParser().parseFromString(text, 'image/svg+xml').documentElement;
  const w = Number(sized.getAttribute('width')) || svg.clientWidth || 800;
  const h = Number(sized.getAttribute('height')) || svg.clientHeight || 400;
  const url = URL.createObjectURL(new Blob([text], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    img.width = w;
    img.height = h;
    await new Promise<void>((resolve, reject) => {
      img.onload = () => resolve();
      img.onerror = () => reject(new Error('the chart could not be drawn as an image'));
      img.src = url;
    });
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(w * scale);
    canvas.height = Math.round(h * scale);
    const g = canvas.getContext('2d')!;
    g.fillStyle = '#ffffff';
    g.fillRect(0, 0, canvas.width, canvas.height);
    g.drawImage(img, 0, 0, canvas.width, canvas.height);
    return await new Promise<Blob>((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('PNG failed'))), 'image/png'));
  } finally {
    URL.revokeObjectURL(url);
  }
}

export async function downloadPng(svg: SVGSVGElement, name: string, notes: readonly string[] = []): Promise<void> {
  download(`${name}.png`, await pngBlob(svg, 2, notes));
}

export function downloadCsv(text: string, name: string): void {
  download(`${name}.csv`, new Blob([text], { type: 'text/csv;charset=utf-8' }));
}
