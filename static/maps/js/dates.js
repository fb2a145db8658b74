// Dates as the page shows them: at their precision (day, month or year), and
// the as-of date the year slider moves. Pure: `now` is passed in where needed.

const MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

export function formatDate(value, precision) {
  if (!value) return "";
  const [year, month, day] = value.split("-").map(Number);
  if (precision === "year") return String(year);
  if (precision === "month") return `${MONTHS[month - 1]} ${year}`;
  return `${day} ${MONTHS[month - 1]} ${year}`;
}

// The local date as YYYY-MM-DD.
export function today(now = new Date()) {
  const pad = (n) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

// Whether `value` is a real calendar date written YYYY-MM-DD (not 2024-13-45).
export function isDate(value) {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value || "")) return false;
  const [year, month, day] = value.split("-").map(Number);
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

// The as-of date for a year on the slider: the same day and month as `asOf`
// (or today), 29 February becoming the 28th in a common year; undefined when
// that is today, which the URL leaves out.
export function yearToDate(year, asOf, now = today()) {
  let monthDay = (asOf || now).slice(5);
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  if (monthDay === "02-29" && !leap) monthDay = "02-28";
  const date = `${year}-${monthDay}`;
  return date === now ? undefined : date;
}

// The first year the play button shows: the one after the slider's, or the
// slider's start when it already stands at the end (today's year).
export function playStart(year, min, max) {
  return year >= max ? min : year + 1;
}

export function agreementDates(agreement) {
  const parts = [];
  if (agreement.signed_on) parts.push(`signed ${formatDate(agreement.signed_on, agreement.signed_on_precision)}`);
  if (agreement.in_force_on) {
    parts.push(`in force ${formatDate(agreement.in_force_on, agreement.in_force_on_precision)}`);
  }
  if (agreement.ended_on) parts.push(`ended ${formatDate(agreement.ended_on, agreement.ended_on_precision)}`);
  return parts.join(", ");
}

export function membershipDates(member) {
  const parts = [];
  if (member.joined_on) parts.push(`joined ${formatDate(member.joined_on, member.joined_on_precision)}`);
  if (member.left_on) parts.push(`left ${formatDate(member.left_on, member.left_on_precision)}`);
  return parts.join(", ") || "dates not recorded";
}
