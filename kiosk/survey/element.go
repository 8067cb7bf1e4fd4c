package survey

// Element is one of the nine elements (unsur) of the SKM. Its Key names
// its question and answers in the catalogue: "skm.u1.question",
// "skm.u1.answer1" … "skm.u1.answer4".
type Element struct {
	Code string // "U1" … "U9"
	Key  string // "skm.u1"
	Name string // the regulation's name, for reports in Bahasa Indonesia
}

// Elements are the regulation's nine elements, in the order of its sample
// questionnaire and of published SKM tables (the regulation's own list
// puts complaint handling before facilities; with equal weights the order
// changes nothing computed).
var Elements = [9]Element{
	{"U1", "skm.u1", "Persyaratan"},
	{"U2", "skm.u2", "Sistem, mekanisme, dan prosedur"},
	{"U3", "skm.u3", "Waktu penyelesaian"},
	{"U4", "skm.u4", "Biaya/tarif"},
	{"U5", "skm.u5", "Produk spesifikasi jenis pelayanan"},
	{"U6", "skm.u6", "Kompetensi pelaksana"},
	{"U7", "skm.u7", "Perilaku pelaksana"},
	{"U8", "skm.u8", "Sarana dan prasarana"},
	{"U9", "skm.u9", "Penanganan pengaduan, saran dan masukan"},
}
