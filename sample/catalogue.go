package sample

// procedure is one commune-level administrative procedure (TTHC) of the catalogue.
type procedure struct {
	code   string  // mã TTHC
	name   string  // tên TTHC
	field  string  // lĩnh vực
	days   float64 // legal processing time in working days; 0.5 = the same day
	fee    int     // VND per unit; 0 = free
	maxQty int     // the fee is charged for 1..maxQty units (pages, copies)
	level  string  // toan_trinh or mot_phan
	weight float64 // relative volume
	online float64 // affinity to online submission (× the commune's online share)
	late   float64 // late-risk multiplier (× the commune's late share)
}

// catalogue lists the procedures dossiers are drawn from. Codes and names follow the
// national TTHC database as seen in public one-stop code (the land and building-permit
// codes are the closest matches found, not verified against the database); fees and
// processing times are typical values, not one province's decision.
func catalogue() []procedure {
	const full, part = "toan_trinh", "mot_phan"
	const hoTich, chungThuc = "Hộ tịch", "Chứng thực"
	const hkd, btxh = "Thành lập và hoạt động của hộ kinh doanh", "Bảo trợ xã hội"
	return []procedure{
		{"2.000815", "Chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ quan, tổ chức có thẩm quyền của Việt Nam cấp hoặc chứng nhận", chungThuc, 0.5, 2000, 10, full, 28, 0.75, 0.5},
		{"1.001193", "Đăng ký khai sinh", hoTich, 0.5, 0, 1, full, 12, 1.15, 0.6},
		{"1.004873", "Cấp Giấy xác nhận tình trạng hôn nhân", hoTich, 3, 0, 1, full, 9, 1.1, 1},
		{"2.000635", "Cấp bản sao trích lục hộ tịch", hoTich, 0.5, 8000, 3, full, 8, 1.2, 0.5},
		{"2.000884", "Chứng thực chữ ký trong các giấy tờ, văn bản", chungThuc, 0.5, 10000, 2, part, 8, 0.5, 0.5},
		{"1.000656", "Đăng ký khai tử", hoTich, 0.5, 0, 1, full, 5, 1, 0.6},
		{"2.001035", "Chứng thực giao dịch liên quan đến tài sản là động sản, quyền sử dụng đất, nhà ở", chungThuc, 2, 50000, 1, part, 5, 0.4, 1},
		{"1.000894", "Đăng ký kết hôn", hoTich, 0.5, 0, 1, part, 4, 0.7, 0.6},
		{"1.001776", "Thực hiện, điều chỉnh, thôi hưởng trợ cấp xã hội hằng tháng", btxh, 15, 0, 1, part, 3, 0.9, 1.4},
		{"1.012753", "Cấp giấy chứng nhận quyền sử dụng đất lần đầu", "Đất đai", 20, 100000, 1, part, 3, 0.8, 2},
		{"1.001612", "Đăng ký thành lập hộ kinh doanh", hkd, 3, 100000, 1, full, 2, 1.3, 0.8},
		{"2.000720", "Đăng ký thay đổi nội dung đăng ký hộ kinh doanh", hkd, 3, 100000, 1, full, 2, 1.3, 0.8},
		{"1.013225", "Cấp giấy phép xây dựng nhà ở riêng lẻ", "Hoạt động xây dựng", 15, 75000, 1, part, 1.5, 0.9, 1.6},
		{"1.001699", "Xác định, xác định lại mức độ khuyết tật và cấp Giấy xác nhận khuyết tật", btxh, 25, 0, 1, part, 1.5, 0.8, 1.4},
		{"1.001022", "Đăng ký nhận cha, mẹ, con", hoTich, 3, 0, 1, part, 0.8, 0.8, 1},
	}
}
