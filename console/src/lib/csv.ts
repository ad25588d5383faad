// CSV made in the browser (exports of what a table shows, its columns in order): RFC 4180
// quoting, and cells a spreadsheet would run as a formula (=, +, -, @, tab, CR) prefixed
// with ' as the API's own exports do. Money goes out as its decimal string.

const FORMULA = /^[=+\-@\t\r]/;

export function cell(value: unknown): string {
  let text = value === null || value === undefined ? "" : String(value);
  if (FORMULA.test(text) && !/^-?\d+(\.\d+)?$/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function toCsv<T>(columns: [string, (row: T) => unknown][], rows: T[]): string {
  const lines = [columns.map(([name]) => cell(name)).join(",")];
  for (const row of rows) lines.push(columns.map(([, pick]) => cell(pick(row))).join(","));
  return `${lines.join("\r\n")}\r\n`;
}

/** Offer text as a file download. */
export function saveText(text: string, filename: string, type = "text/csv"): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement("a");
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
