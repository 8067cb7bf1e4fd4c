// Package csvout writes CSV that is safe to open in a spreadsheet: every
// report and export the project writes goes through it. A cell that a
// spreadsheet would run as a formula (it starts with =, +, -, @, a tab or
// a carriage return: OWASP's "CSV injection") is written with a leading
// apostrophe, so that a resource or patron named "=HYPERLINK(…)" shows as
// text. Plain numbers, negative ones included, are left as they are.
package csvout
