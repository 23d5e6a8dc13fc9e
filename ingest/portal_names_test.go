package ingest

import "testing"

func TestPortalNameKeys(t *testing.T) {
	tests := []struct {
		name, in string
		want     nameKeys
	}{
		{"portal name with the body and the province", "UBND xã Hy Cương - Tỉnh Phú Thọ",
			nameKeys{exact: "xã hy cương", tone: "xa hy cương", accent: "xa hy cuong", bare: "hy cương"}},
		{"registry name", "Xã Hy Cương",
			nameKeys{exact: "xã hy cương", tone: "xa hy cương", accent: "xa hy cuong", bare: "hy cương"}},
		{"capitalised type, extra spaces", "UBND  Phường   Việt Trì",
			nameKeys{exact: "phường việt trì", tone: "phương viêt tri", accent: "phuong viet tri", bare: "viêt tri"}},
		{"tone mark on the first vowel (Hòa)", "Phường Tân Hòa",
			nameKeys{exact: "phường tân hòa", tone: "phương tân hoa", accent: "phuong tan hoa", bare: "tân hoa"}},
		{"tone mark on the second vowel (Hoà)", "UBND phường Tân Hoà",
			nameKeys{exact: "phường tân hoà", tone: "phương tân hoa", accent: "phuong tan hoa", bare: "tân hoa"}},
		{"decomposed input (NFD) is the same as NFC", "Ph\u01b0\u01a1\u0300ng T\u00e2n Ho\u0300a",
			nameKeys{exact: "phường tân hòa", tone: "phương tân hoa", accent: "phuong tan hoa", bare: "tân hoa"}},
		{"đ is d only accent-insensitively", "UBND xã Đức Nhàn",
			nameKeys{exact: "xã đức nhàn", tone: "xa đưc nhan", accent: "xa duc nhan", bare: "đưc nhan"}},
		{"province", "UBND tỉnh Phú Thọ",
			nameKeys{exact: "tỉnh phú thọ", tone: "tinh phu tho", accent: "tinh phu tho", bare: "phu tho"}},
		{"city, Ủy ban nhân dân spelt out", "Ủy ban nhân dân Thành phố Hà Nội",
			nameKeys{exact: "thành phố hà nội", tone: "thanh phô ha nôi", accent: "thanh pho ha noi", bare: "ha nôi"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := portalNameKeys(tt.in); got != tt.want {
				t.Errorf("portalNameKeys(%q) = %+v, want %+v", tt.in, got, tt.want)
			}
		})
	}
}
