/**
 * Regional patient IDs: "OK" + 8 digits + a Luhn check digit, so a mistyped
 * digit is caught before any lookup.
 */
export function luhnCheckDigit(digits: string): number {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

export function formatRegionalId(serial: number): string {
  const digits = String(serial).padStart(8, "0");
  return `OK${digits}${luhnCheckDigit(digits)}`;
}

export function isValidRegionalId(id: string): boolean {
  const m = /^OK(\d{8})(\d)$/.exec(id.trim().toUpperCase());
  return !!m && luhnCheckDigit(m[1]!) === Number(m[2]);
}
