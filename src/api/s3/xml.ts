/** Escapes text for an XML element or attribute. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}

/** A value of {@link element}: text, a number, nested elements, or absent (left out). */
export type XmlValue = string | number | boolean | XmlNode[] | undefined;

/** One element: a name and its value. */
export type XmlNode = [name: string, value: XmlValue];

/** Renders an element and its children; absent values render nothing. */
export function element(name: string, value: XmlValue): string {
  if (value === undefined) return '';
  if (Array.isArray(value)) return `<${name}>${value.map(([n, v]) => element(n, v)).join('')}</${name}>`;
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}

/** A complete S3 response document: the declaration and a root element in S3's namespace. */
export function document(root: string, children: XmlNode[]): string {
  const body = children.map(([n, v]) => element(n, v)).join('');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<${root} xmlns="http://s3.amazonaws.com/doc/2006-03-01/">${body}</${root}>`;
}

/** The text of every `<name>…</name>` in a small, trusted-shape document (S3 request bodies). */
export function textsOf(xml: string, name: string): string[] {
  const out: string[] = [];
  const pattern = new RegExp(`<${name}>([\\s\\S]*?)</${name}>`, 'g');
  for (let m = pattern.exec(xml); m; m = pattern.exec(xml)) out.push(unescapeXml(m[1]!));
  return out;
}

function unescapeXml(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);/g, (_, e: string) => {
    if (e.startsWith('#x')) return String.fromCodePoint(parseInt(e.slice(2), 16));
    if (e.startsWith('#')) return String.fromCodePoint(parseInt(e.slice(1), 10));
    return ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" } as Record<string, string>)[e]!;
  });
}
