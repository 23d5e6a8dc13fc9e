package reports

import (
	"reflect"
	"testing"
)

func TestFold(t *testing.T) {
	for in, want := range map[string]string{
		"Xã Hy Cương":                   "xa hy cuong",
		"Phường Đông Hòa":               "phuong dong hoa",
		"Phường Đông Hoà":               "phuong dong hoa", // tone mark on the other vowel
		"XÃ  ẤP   BẮC":                  "xa ap bac",
		"Xa\u0303 Hy Cu\u031bo\u031bng": "xa hy cuong", // decomposed input
		"Thủ tục <b>":                   "thu tuc <b>",
	} {
		if got := fold(in); got != want {
			t.Errorf("fold(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestWordsComplete: every text of the pages exists in both languages, and the maps name
// the same keys.
func TestWordsComplete(t *testing.T) {
	v, e := reflect.ValueOf(*vi), reflect.ValueOf(*en)
	for i := range v.NumField() {
		f := v.Type().Field(i)
		if !f.IsExported() {
			continue
		}
		switch f.Type.Kind() {
		case reflect.String:
			if v.Field(i).String() == "" || e.Field(i).String() == "" {
				t.Errorf("%s is empty in vi or en", f.Name)
			}
		case reflect.Map:
			if f.Name == "Reasons" { // reject reasons are stored in English: en shows them as they are
				continue
			}
			for _, k := range v.Field(i).MapKeys() {
				if !e.Field(i).MapIndex(k).IsValid() {
					t.Errorf("%s[%v] is in vi, not in en", f.Name, k)
				}
			}
			if v.Field(i).Len() != e.Field(i).Len() {
				t.Errorf("%s has %d keys in vi, %d in en", f.Name, v.Field(i).Len(), e.Field(i).Len())
			}
		}
	}
}
