// Numbers as the page's language writes them.
const lang = document.documentElement.lang || "en";

// A whole percent of total, 0 when there is nothing to divide by.
export const percent = (n, total) => (total ? Math.round((100 * n) / total) : 0);

export const decimal = (value, digits = 1) =>
  new Intl.NumberFormat(lang, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(value);

// 42 -> "42 %" in Finnish, "42%" in English.
export const percentText = (value) =>
  new Intl.NumberFormat(lang, { style: "percent", maximumFractionDigits: 0 }).format(value / 100);

// +12, −5, 0
export const signed = (value) => new Intl.NumberFormat(lang, { signDisplay: "exceptZero" }).format(value);
