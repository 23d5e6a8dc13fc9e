package reports

import "testing"

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
