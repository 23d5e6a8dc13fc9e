package ingest

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// Encodings that --encoding accepts; "auto" (or "") detects one.
const (
	EncodingAuto    = "auto"
	EncodingUTF8    = "utf-8"
	EncodingUTF16LE = "utf-16le"
	EncodingUTF16BE = "utf-16be"
	EncodingCP1258  = "windows-1258"
)

// Causes of encoding errors, for errors.Is.
var (
	ErrEncoding = errors.New("not valid text in its encoding")
	ErrMojibake = errors.New("mojibake: Vietnamese text decoded with the wrong code page")
	ErrBinary   = errors.New("binary data, not a text export")
)

// Encodings lists what --encoding accepts.
func Encodings() []string {
	return []string{EncodingAuto, EncodingUTF8, EncodingUTF16LE, EncodingUTF16BE, EncodingCP1258}
}

// normalEncoding maps the spellings users type to one of the constants.
func normalEncoding(s string) (string, error) {
	switch strings.ToLower(strings.ReplaceAll(strings.TrimSpace(s), "_", "-")) {
	case "", "auto":
		return EncodingAuto, nil
	case "utf-8", "utf8":
		return EncodingUTF8, nil
	case "utf-16le", "utf16le", "utf-16", "utf16", "unicode":
		return EncodingUTF16LE, nil
	case "utf-16be", "utf16be":
		return EncodingUTF16BE, nil
	case "windows-1258", "cp1258", "1258", "windows1258":
		return EncodingCP1258, nil
	}
	return "", fmt.Errorf("unknown encoding %q (one of %s)", s, strings.Join(Encodings(), ", "))
}

// detectEncoding names the encoding of a text file from its first bytes: a BOM decides;
// else NUL bytes in alternate positions mean UTF-16; else valid UTF-8 is UTF-8 and
// anything else is taken for Windows-1258, the legacy Vietnamese code page.
// bomLen is the number of BOM bytes to skip.
func detectEncoding(head []byte) (enc string, bomLen int, err error) {
	switch {
	case bytes.HasPrefix(head, []byte{0xEF, 0xBB, 0xBF}):
		return EncodingUTF8, 3, nil
	case bytes.HasPrefix(head, []byte{0xFF, 0xFE}):
		return EncodingUTF16LE, 2, nil
	case bytes.HasPrefix(head, []byte{0xFE, 0xFF}):
		return EncodingUTF16BE, 2, nil
	}
	if n := bytes.Count(head, []byte{0}); n > 0 {
		even, odd := 0, 0
		for i, c := range head {
			if c == 0 {
				if i%2 == 0 {
					even++
				} else {
					odd++
				}
			}
		}
		switch {
		case odd > len(head)/4 && even == 0:
			return EncodingUTF16LE, 0, nil
		case even > len(head)/4 && odd == 0:
			return EncodingUTF16BE, 0, nil
		}
		at := bytes.IndexByte(head, 0)
		return "", 0, fmt.Errorf("line %d: %w (a NUL byte at byte %d)", bytes.Count(head[:at], []byte{'\n'})+1, ErrBinary, at+1)
	}
	if binaryShare(head) > 0.05 {
		return "", 0, fmt.Errorf("line 1: %w (control characters)", ErrBinary)
	}
	if validUTF8Prefix(head) {
		return EncodingUTF8, 0, nil
	}
	return EncodingCP1258, 0, nil
}

// validUTF8Prefix is utf8.Valid, forgiving a sequence cut at the end of the sample.
func validUTF8Prefix(b []byte) bool {
	if utf8.Valid(b) {
		return true
	}
	for cut := 1; cut <= 3 && cut < len(b); cut++ {
		if utf8.Valid(b[:len(b)-cut]) {
			return !utf8.FullRune(b[len(b)-cut:])
		}
	}
	return false
}

// binaryShare is the share of control bytes other than tab, CR, LF and form feed.
func binaryShare(b []byte) float64 {
	if len(b) == 0 {
		return 0
	}
	n := 0
	for _, c := range b {
		if c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' {
			n++
		}
	}
	return float64(n) / float64(len(b))
}

// decoder returns a reader of r as UTF-8 NFC text for the encodings that DuckDB cannot
// read (UTF-16, Windows-1258); nil for UTF-8.
func decoder(enc string, r io.Reader) io.Reader {
	switch enc {
	case EncodingUTF16LE:
		return transform.NewReader(r, transform.Chain(unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM).NewDecoder(), norm.NFC))
	case EncodingUTF16BE:
		return transform.NewReader(r, transform.Chain(unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM).NewDecoder(), norm.NFC))
	case EncodingCP1258:
		// cp1258 writes most tone marks as combining characters: NFC composes them.
		return transform.NewReader(r, transform.Chain(charmap.Windows1258.NewDecoder(), norm.NFC))
	}
	return nil
}

// hasMojibake reports whether line holds UTF-8 Vietnamese that was read as Windows-1252
// (or 1258) and saved again as UTF-8: "Nguyá»…n", "Ä‘Äƒng", "kÃ½". Every Vietnamese letter
// outside ASCII starts with byte C3–C6 or E1 BA/BB in UTF-8; misread, those bytes become
// Ã Ä Å Æ or "áº"/"á»", followed by a symbol that correct Vietnamese never puts there.
func hasMojibake(line []byte) bool {
	for i := 0; i+3 < len(line); i++ {
		j := bytes.IndexByte(line[i:], 0xC3)
		if j < 0 {
			return false
		}
		i += j
		if i+3 >= len(line) {
			return false
		}
		switch line[i+1] {
		case 0x83, 0x84, 0x85, 0x86: // Ã Ä Å Æ
			r, _ := utf8.DecodeRune(line[i+2:])
			if (r >= 0x80 && r <= 0xBF) || r == utf8.RuneError || strings.ContainsRune("ŒœŠšŸŽžƒˆ˜–—‘’‚“”„†‡•…‰‹›€™", r) {
				return true
			}
		case 0xA1: // á followed by º or »
			if line[i+2] == 0xC2 && (line[i+3] == 0xBA || line[i+3] == 0xBB) {
				return true
			}
		}
	}
	return false
}

// encodingHint says what to do about a file that is not valid in the encoding used.
func encodingHint(enc string) string {
	if enc == EncodingUTF8 {
		return "hint: the file is not UTF-8; legacy Vietnamese exports are Windows-1258: try --encoding windows-1258 (or leave --encoding auto)"
	}
	return "hint: force the encoding with --encoding " + strings.Join(Encodings()[1:], "|")
}
