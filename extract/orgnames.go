package extract

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/pressroom-ja/pressroom/extract/ja"
)

// Legal-entity words, longest first so that 国立大学法人 wins over 大学.
var legalPrefixes = []string{
	"国立研究開発法人", "地方独立行政法人", "独立行政法人", "特定非営利活動法人", "国立大学法人", "公立大学法人",
	"一般社団法人", "公益社団法人", "一般財団法人", "公益財団法人", "社会福祉法人", "社会医療法人", "医療法人社団",
	"医療法人財団", "医療法人", "学校法人", "宗教法人", "NPO法人", "生活協同組合", "株式会社", "有限会社", "合同会社", "合資会社",
	"合名会社", "(株)", "(有)", "(一社)", "(公財)", "(一財)", "(公社)", "(独)", "(学)", "(医)",
}

// mayHoldLegalPrefix is false for text that holds none of legalPrefixes,
// which all have 法人, 会社, 組合 or "(" in them (TestLegalPrefixGuards): a
// quick no for most text, before trying each.
func mayHoldLegalPrefix(s string) bool {
	return strings.IndexByte(s, '(') >= 0 || strings.Contains(s, "法人") || strings.Contains(s, "会社") || strings.Contains(s, "組合")
}

// legalPrefixesIn is legalPrefixes, or none where s cannot hold one.
func legalPrefixesIn(s string) []string {
	if !mayHoldLegalPrefix(s) {
		return nil
	}
	return legalPrefixes
}

// mayEndLegalPrefix and mayEndLegalSuffix are false for text that ends
// with none of legalPrefixes, legalSuffixes (or a suffix without its
// leading space): their last runes are few.
func mayEndLegalPrefix(s string) bool { return legalPrefixLast.has(lastRune(s)) }
func mayEndLegalSuffix(s string) bool { return legalSuffixLast.has(lastRune(s)) }

var legalPrefixLast, legalSuffixLast = wordEnds(legalPrefixes), wordEnds(legalSuffixes)

// wordStarts holds the first rune of each word of the lists.
func wordStarts(lists ...[]string) *runeSet {
	var rs runeSet
	for _, words := range lists {
		for _, w := range words {
			r, _ := utf8.DecodeRuneInString(w)
			rs.add(r)
		}
	}
	return &rs
}

// wordEnds holds the last rune of each word of the lists.
func wordEnds(lists ...[]string) *runeSet {
	var rs runeSet
	for _, words := range lists {
		for _, w := range words {
			rs.add(lastRune(w))
		}
	}
	return &rs
}

// Longer words before the words they end with (" Pte. Ltd." before
// " Ltd."): stripLegal takes them off in this order.
var legalSuffixes = []string{
	"株式会社", "有限会社", "合同会社", "合資会社", "(株)", "(有)",
	" Co., Ltd.", " Co.,Ltd.", " Co., Ltd", " Co.,Ltd", ",Inc.", ", Inc.", " Inc.", " Inc", " Pte. Ltd.", " Pty Ltd", " Ltd.", " Ltd", " Limited",
	" Corporation", " Corp.", " Corp", " LLC", " L.L.C.", " GmbH", " AG", " S.A.", " SA", " S.p.A.", " plc", " PLC",
	" B.V.", " N.V.", " K.K.", " Co.",
}

var countryMarks = map[string]string{
	"米": "US", "英": "GB", "仏": "FR", "日": "JP", "独": "DE", "中": "CN", "韓": "KR", "伊": "IT", "加": "CA",
	"豪": "AU", "蘭": "NL", "印": "IN", "台": "TW", "西": "ES", "露": "RU", "星": "SG", "瑞": "CH", "丁": "DK",
	"米国": "US", "英国": "GB", "仏国": "FR", "日本": "JP", "独国": "DE", "中国": "CN", "韓国": "KR",
	"スイス": "CH", "スウェーデン": "SE", "フィンランド": "FI", "イスラエル": "IL", "シンガポール": "SG",
}

var countryMarkRE = guarded(`\((米|英|仏|日|独|中|韓|伊|加|豪|蘭|印|台|西|露|星|瑞|丁)\)`, "(")

// NormalizeOrg returns the key form of an organization name: NFKC, no
// spaces, no legal-entity words and no country marker. Keys identify an
// organization across releases, so index filters and facets use them.
func NormalizeOrg(name string) string {
	s := ja.Normalize(name)
	s = countryMarkRE.ReplaceAllString(s, "")
	s = stripLegal(s)
	s = strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
	return strings.Trim(s, "・-,.、 ")
}

// stripLegal removes legal-entity words at either end, repeatedly
// ("株式会社ABCホールディングス" and "ABC Co., Ltd." alike).
func stripLegal(s string) string {
	for changed := true; changed; {
		changed = false
		s = strings.TrimSpace(s)
		for _, p := range legalPrefixesIn(s) {
			if strings.HasPrefix(s, p) && len(s) > len(p) {
				s, changed = s[len(p):], true
			}
		}
		if !mayEndLegalSuffix(s) {
			continue
		}
		for _, p := range legalSuffixes {
			if strings.HasSuffix(s, p) && len(s) > len(p) {
				s, changed = s[:len(s)-len(p)], true
			}
			if q := strings.TrimPrefix(p, " "); q != p && strings.HasSuffix(s, q) && len(s) > len(q) && !isLatin(lastRune(s[:len(s)-len(q)])) {
				s, changed = s[:len(s)-len(q)], true
			}
		}
	}
	return s
}

func lastRune(s string) rune {
	r, _ := utf8.DecodeLastRuneInString(s)
	return r
}

func isLatin(r rune) bool { return r < 0x80 && (unicode.IsLetter(r) || unicode.IsDigit(r)) }

// hasLegalWord reports whether name carries a legal-entity word.
func hasLegalWord(name string) bool {
	for _, p := range legalPrefixesIn(name) {
		if strings.Contains(name, p) {
			return true
		}
	}
	for _, p := range legalSuffixes {
		if strings.HasSuffix(name, p) || strings.HasSuffix(name, strings.TrimSpace(p)) && len(p) > 4 {
			return true
		}
	}
	return false
}

// orgKind guesses the kind of an organization from its name.
func orgKind(name string) string {
	n := ja.Normalize(name)
	has := func(words ...string) bool {
		for _, w := range words {
			if strings.Contains(n, w) {
				return true
			}
		}
		return false
	}
	ends := func(words ...string) bool {
		for _, w := range words {
			if strings.HasSuffix(n, w) {
				return true
			}
		}
		return false
	}
	switch {
	case ends("研究所", "研究機構", "研究センター", "研究院") || has("国立研究開発法人", "研究開発法人"):
		return KindResearchInstitute
	case ends("病院", "クリニック", "医療センター") || has("医療法人"):
		return KindHospital
	case ends("大学", "大学院", "短期大学", "高等専門学校", "学園", "校", "学部", "研究科") || has("国立大学法人", "公立大学法人", "学校法人"):
		return KindUniversity
	case ends("市", "県", "府", "都", "町", "村", "区", "省", "庁", "政府", "役所", "役場", "委員会"):
		return KindGovernment
	case has("株式会社", "有限会社", "合同会社", "(株)", "Inc", "Ltd", "Corp", "LLC", "GmbH", "plc", "ホールディングス", "銀行", "信用金庫", "証券", "商事"):
		return KindCompany
	case ends("社") && !ends("神社", "大社", "結社"):
		return KindCompany // ノースウィンド社, 東京新聞社
	case has("社団法人", "財団法人", "特定非営利活動法人", "NPO法人", "協会", "財団", "連合会", "商工会議所", "組合", "機構", "協議会", "学会", "クラスター", "コンソーシアム"):
		return KindAssociation
	}
	return KindOther
}

// orgCountry says which country a name implies: Japanese legal-entity words
// and municipalities mean Japan.
func orgCountry(name string) string {
	n := ja.Normalize(name)
	if m := countryMarkRE.FindStringSubmatch(n); m != nil {
		return countryMarks[m[1]]
	}
	for _, p := range legalPrefixes {
		if strings.HasPrefix(n, p) {
			return "JP"
		}
	}
	for _, s := range []string{"株式会社", "有限会社", "合同会社"} {
		if strings.HasSuffix(n, s) {
			return "JP"
		}
	}
	return ""
}
