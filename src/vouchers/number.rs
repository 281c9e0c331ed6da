//! Voucher numbers people can read aloud and type: `HEI-7K3M-Q2PX`. Three letters of the
//! municipality, then seven random symbols and a check symbol from Crockford's base-32 alphabet
//! (no I, L, O or U, so nothing looks alike). The check symbol is Luhn mod 32, which catches every
//! single mistyped symbol and almost every swap of two neighbours.

use std::fmt;

use rand::Rng;

const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const BODY: usize = 7;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VoucherNumber(String);

fn value(c: char) -> Option<u32> {
    let c = match c.to_ascii_uppercase() {
        'O' => '0',
        'I' | 'L' => '1',
        c => c,
    };
    ALPHABET
        .iter()
        .position(|&a| a as char == c)
        .map(|p| p as u32)
}

/// Luhn mod N over the symbols' values: the symbol that makes the whole sum divisible by 32.
fn check_symbol(values: &[u32]) -> u32 {
    let n = 32;
    let mut sum = 0;
    for (i, v) in values.iter().rev().enumerate() {
        let mut addend = *v;
        if i % 2 == 0 {
            addend *= 2;
            addend = addend / n + addend % n;
        }
        sum += addend;
    }
    (n - sum % n) % n
}

impl VoucherNumber {
    /// A new random number for a municipality.
    pub fn generate(municipality: &str, rng: &mut impl Rng) -> VoucherNumber {
        let values: Vec<u32> = (0..BODY).map(|_| rng.random_range(0..32)).collect();
        Self::from_values(&prefix(municipality), &values)
    }

    fn from_values(prefix: &str, values: &[u32]) -> VoucherNumber {
        let check = check_symbol(values);
        let symbols: String = values
            .iter()
            .chain(std::iter::once(&check))
            .map(|v| ALPHABET[*v as usize] as char)
            .collect();
        VoucherNumber(format!("{prefix}-{}-{}", &symbols[..4], &symbols[4..]))
    }

    /// Reads a typed number: case, dashes and spaces do not matter, and O, I and L are read as
    /// 0, 1 and 1. Returns `None` unless the check symbol matches.
    pub fn parse(s: &str) -> Option<VoucherNumber> {
        let cleaned: String = s
            .chars()
            .filter(|c| !matches!(c, '-' | ' '))
            .collect::<String>()
            .to_ascii_uppercase();
        if cleaned.len() != 3 + BODY + 1 || !cleaned.is_ascii() {
            return None;
        }
        let (prefix, rest) = cleaned.split_at(3);
        if !prefix.chars().all(|c| c.is_ascii_uppercase()) {
            return None;
        }
        let values: Vec<u32> = rest.chars().map(value).collect::<Option<_>>()?;
        let (body, check) = values.split_at(BODY);
        (check_symbol(body) == check[0]).then(|| Self::from_values(prefix, body))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for VoucherNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

fn prefix(municipality: &str) -> String {
    let mut p: String = municipality
        .chars()
        .filter(char::is_ascii_alphabetic)
        .take(3)
        .collect::<String>()
        .to_ascii_uppercase();
    while p.len() < 3 {
        p.push('X');
    }
    p
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_numbers_parse_back() {
        let mut rng = rand::rng();
        for _ in 0..200 {
            let n = VoucherNumber::generate("heinola", &mut rng);
            assert!(n.as_str().starts_with("HEI-"), "{n}");
            assert_eq!(n.as_str().len(), 13);
            assert_eq!(VoucherNumber::parse(n.as_str()), Some(n.clone()));
            assert_eq!(
                VoucherNumber::parse(&n.as_str().to_lowercase().replace('-', " ")),
                Some(n)
            );
        }
    }

    #[test]
    fn every_single_mistyped_symbol_is_caught() {
        let n = VoucherNumber::from_values("KUO", &[1, 2, 3, 4, 5, 6, 7]);
        let s = n.as_str().to_string();
        for (i, c) in s.char_indices().skip(4) {
            if c == '-' {
                continue;
            }
            for &a in ALPHABET {
                let a = a as char;
                if a == c {
                    continue;
                }
                let mut typo = s.clone();
                typo.replace_range(i..i + 1, &a.to_string());
                assert_eq!(VoucherNumber::parse(&typo), None, "{typo}");
            }
        }
    }

    #[test]
    fn look_alike_letters_read_as_digits() {
        let n = VoucherNumber::from_values("HEI", &[0, 1, 0, 1, 0, 1, 0]);
        let typed = n.as_str().replace('0', "O").replacen('1', "l", 1);
        assert_eq!(VoucherNumber::parse(&typed), Some(n));
    }

    #[test]
    fn neighbour_swaps_are_caught() {
        let n = VoucherNumber::from_values("HEI", &[3, 9, 14, 27, 5, 30, 12]);
        let s: Vec<char> = n.as_str().chars().collect();
        let positions: Vec<usize> = (4..s.len()).filter(|&i| s[i] != '-').collect();
        for w in positions.windows(2) {
            let mut t = s.clone();
            if t[w[0]] == t[w[1]] {
                continue;
            }
            t.swap(w[0], w[1]);
            let typo: String = t.into_iter().collect();
            assert_eq!(VoucherNumber::parse(&typo), None, "{typo}");
        }
    }
}
