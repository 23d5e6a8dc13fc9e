// Package sample writes synthetic but realistic one-stop dossier exports (hồ sơ thủ tục
// hành chính) for real communes, in the canonical CSV layout of the `generic` profile
// (SPEC §3.1), so that `reform demo` and `reform sample` have input on a fresh machine.
//
// [Write] takes the communes of one province ([Unit], from the official registry) and
// [Options], and writes one file per month, dossiers_<province>_<YYYY-MM>.csv, as a
// one-stop system exports them: the month's new dossiers in their state at the end of
// the month, plus older dossiers that changed during the month (carry-overs), so that
// loading the files in order under the latest-wins rule leaves each dossier's final
// state. Each file carries a few deliberately bad rows (about 0.1–0.3 %) and two
// personal columns (ChuHoSo, SoDienThoai) with obviously fake values, so that the
// loader's reject and no-personal-data rules can be exercised.
//
// Output is a pure function of the units and options: the same input gives the same
// bytes (math/rand/v2 PCG streams derived from Seed per commune and month, no map
// iteration, no wall clock). [WriteLogs] writes the matching portal access logs (combined
// format) that follow the default sites file of package ingest. Other export formats
// (XLSX, JSON) are not written here.
//
// Realism, per commune: a size factor (log-normal, wards ×1.5) around the requested
// mean volume, clamped to [mean/6, 5×mean] per month (50–1,500 for the default 300),
// with seasonality (Tết in February ×0.7); an online share drawn once (15–90 %) that
// drifts up 0.3–1.2 points a month, postal about 1 %; a late share (2–25 %); shares of
// online payment, electronic results, digitised inputs and complaints. Dossiers follow
// a catalogue of 15 commune-level procedures with their legal processing time in
// working days (Mon–Fri, fixed solar holidays skipped), fee and service level.
package sample
