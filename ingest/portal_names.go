package ingest

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// nameKeys are the forms of a unit name that portal_match.sql compares, from strict to loose.
type nameKeys struct {
	exact  string // NFC, lower case, single spaces, "UBND " and a " - Tỉnh …" suffix stripped
	tone   string // exact without tone marks: Hòa, Hoà and Hoa are one key
	accent string // exact without any diacritic, đ as d
	bare   string // tone without the leading type word (xã, phường, thị trấn, đặc khu, tỉnh, thành phố)
}

// Tone marks of Vietnamese as combining characters: grave, acute, tilde, hook above, dot below.
// Vowel marks (circumflex, breve, horn) are kept by the tone key.
var toneMarks = map[rune]bool{'\u0300': true, '\u0301': true, '\u0303': true, '\u0309': true, '\u0323': true}

// Prefixes naming the body rather than the unit ("UBND xã Hy Cương" is xã Hy Cương).
var bodyPrefixes = []string{"ubnd ", "ủy ban nhân dân ", "uỷ ban nhân dân "}

// Type words a name may start with, longest first, in tone-key form.
var typeWords = func() []string {
	var out []string
	for _, w := range []string{"thành phố", "thị trấn", "đặc khu", "phường", "tỉnh", "xã"} {
		out = append(out, stripMarks(w, true)+" ")
	}
	return out
}()

// portalNameKeys computes the keys of a name as the portal or the registry spells it.
func portalNameKeys(name string) nameKeys {
	s := strings.ToLower(norm.NFC.String(name))
	s = strings.Join(strings.Fields(s), " ")
	for _, p := range bodyPrefixes {
		if rest, ok := strings.CutPrefix(s, norm.NFC.String(p)); ok {
			s = rest
			break
		}
	}
	if i := strings.LastIndex(s, " - "); i > 0 {
		s = s[:i]
	}
	k := nameKeys{exact: s, tone: stripMarks(s, true), accent: stripMarks(s, false)}
	k.bare = k.tone
	for _, w := range typeWords {
		if rest, ok := strings.CutPrefix(k.tone, w); ok {
			k.bare = rest
			break
		}
	}
	return k
}

// stripMarks removes the tone marks (toneOnly) or every combining mark and maps đ to d.
func stripMarks(s string, toneOnly bool) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		switch {
		case toneOnly && toneMarks[r]:
			continue
		case !toneOnly && unicode.Is(unicode.Mn, r):
			continue
		case !toneOnly && r == 'đ':
			r = 'd'
		}
		b.WriteRune(r)
	}
	return norm.NFC.String(b.String())
}
