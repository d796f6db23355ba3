/** "今天 14:05", "昨天 09:30", "2024-03-01": when an evaluation last changed. */
export function formatWhen(ms: number, now = Date.now()): string {
  if (!Number.isFinite(ms) || ms <= 0) return '—';
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  const time = `${pad(d.getHours())}:${pad(d.getMinutes())}`;
  const day = (x: Date) => `${x.getFullYear()}-${pad(x.getMonth() + 1)}-${pad(x.getDate())}`;
  const today = new Date(now);
  if (day(d) === day(today)) return `今天 ${time}`;
  const yesterday = new Date(now - 86_400_000);
  if (day(d) === day(yesterday)) return `昨天 ${time}`;
  return `${day(d)} ${time}`;
}

/** A fraction as the percent a user types: 0.95 → "95", without float noise (0.07 → "7"). */
export function toPercentText(fraction: number | null | undefined): string {
  if (fraction === null || fraction === undefined || !Number.isFinite(fraction)) return '';
  return String(Number((fraction * 100).toPrecision(12)));
}

/** What a user typed as a percent back to a fraction: "95" / "95%" → 0.95; "" → null; junk → undefined. */
export function fromPercentText(text: string): number | null | undefined {
  const n = parseNumberText(text.replace(/[%％]/g, ''));
  if (n === null || n === undefined) return n;
  return Number((n / 100).toPrecision(12));
}

/** "1,200.5" / "１２" → number; "" → null; anything else → undefined (invalid). */
export function parseNumberText(text: string): number | null | undefined {
  const clean = text
    .replace(/[０-９．－]/g, (c) => (c === '－' ? '-' : String.fromCharCode(c.charCodeAt(0) - 0xfee0)))
    .replace(/[,，\s]/g, '');
  if (clean === '') return null;
  if (!/^-?(\d+(\.\d*)?|\.\d+)$/.test(clean)) return undefined;
  return Number(clean);
}
