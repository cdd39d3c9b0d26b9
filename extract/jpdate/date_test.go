package jpdate

import (
	"testing"
	"time"
)

func TestPrecisionString(t *testing.T) {
	tests := []struct {
		name string
		p    Precision
		want string
	}{
		{"year", Year, "year"},
		{"month", Month, "month"},
		{"day", Day, "day"},
		{"zero", 0, "Precision(0)"},
		{"out of range", 7, "Precision(7)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.p.String(); got != tt.want {
				t.Errorf("String() = %q, want %q", got, tt.want)
			}
		})
	}
	if Year != 1 {
		t.Errorf("Year = %d: enums start at iota + 1 so that the zero value means unset", Year)
	}
}

func TestDateString(t *testing.T) {
	tests := []struct {
		name string
		d    Date
		want string
	}{
		{"day", ymd(2018, 8, 31), "2018-08-31"},
		{"month", ym(2018, 8), "2018-08"},
		{"year", y(2018), "2018"},
		{"yearless", md(8, 30), "--08-30"},
		{"month alone", mo(8), "--08"},
		{"day alone", dd(5), "---05"},
		{"zero", Date{}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.d.String(); got != tt.want {
				t.Errorf("String() = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestDateTime(t *testing.T) {
	tests := []struct {
		name   string
		d      Date
		want   time.Time
		wantOK bool
	}{
		{"full", ymd(2018, 8, 31), time.Date(2018, 8, 31, 0, 0, 0, 0, time.UTC), true},
		{"leap day", ymd(2020, 2, 29), time.Date(2020, 2, 29, 0, 0, 0, 0, time.UTC), true},
		{"month", ym(2018, 8), time.Time{}, false},
		{"yearless", md(8, 30), time.Time{}, false},
		{"impossible", Date{Year: 2019, Month: 2, Day: 29, Precision: Day}, time.Time{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := tt.d.Time()
			if ok != tt.wantOK || !got.Equal(tt.want) {
				t.Errorf("Time() = %v, %v; want %v, %v", got, ok, tt.want, tt.wantOK)
			}
		})
	}
}

func TestHasYear(t *testing.T) {
	if !ymd(2018, 8, 31).HasYear() || md(8, 30).HasYear() {
		t.Error("HasYear wrong")
	}
}

func TestResolve(t *testing.T) {
	tests := []struct {
		name string
		d    Date
		ref  Date
		want Date
	}{
		{"same year", md(8, 30), ymd(2018, 8, 31), ymd(2018, 8, 30)},
		{"same day", md(8, 31), ymd(2018, 8, 31), ymd(2018, 8, 31)},
		{"december in january", md(12, 20), ymd(2019, 1, 10), ymd(2018, 12, 20)},
		{"next day is last year", md(9, 1), ymd(2018, 8, 31), ymd(2017, 9, 1)},
		{"month", mo(12), ymd(2019, 1, 10), ym(2018, 12)},
		{"same month", mo(1), ymd(2019, 1, 10), ym(2019, 1)},
		{"reference without day", md(8, 30), ym(2018, 8), ymd(2018, 8, 30)},
		{"reference year only", md(8, 30), y(2018), ymd(2018, 8, 30)},
		{"leap day in leap year", md(2, 29), ymd(2020, 3, 1), ymd(2020, 2, 29)},
		{"leap day goes back a year into a leap year", md(2, 29), ymd(2021, 2, 1), ymd(2020, 2, 29)},
		{"leap day in common year stays yearless", md(2, 29), ymd(2021, 3, 1), md(2, 29)},
		{"day alone", dd(30), ymd(2010, 7, 31), ymd(2010, 7, 30)},
		{"day alone after the reference", dd(30), ymd(2010, 7, 18), ymd(2010, 6, 30)},
		{"day alone skips short months", dd(31), ymd(2018, 10, 5), ymd(2018, 8, 31)},
		{"day alone into last year", dd(20), ymd(2019, 1, 10), ymd(2018, 12, 20)},
		{"day alone without reference month", dd(20), y(2019), dd(20)},
		{"has year", ymd(2017, 1, 1), ymd(2019, 1, 10), ymd(2017, 1, 1)},
		{"reference without year", md(8, 30), md(8, 31), md(8, 30)},
		{"zero", Date{}, ymd(2019, 1, 10), Date{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.d.Resolve(tt.ref); got != tt.want {
				t.Errorf("%v.Resolve(%v) = %v, want %v", tt.d, tt.ref, got, tt.want)
			}
		})
	}
}

func TestResolveNearest(t *testing.T) {
	tests := []struct {
		name string
		d    Date
		ref  Date
		want Date
	}{
		{"december in january", md(12, 20), ymd(2019, 1, 10), ymd(2018, 12, 20)},
		{"january in december", md(1, 10), ymd(2018, 12, 20), ymd(2019, 1, 10)},
		{"later this year", md(12, 30), ymd(2010, 7, 18), ymd(2010, 12, 30)},
		{"month", mo(12), ymd(2010, 7, 18), ym(2010, 12)},
		{"tie goes to the past", md(1, 1), ymd(2020, 7, 2), ymd(2020, 1, 1)}, // 183 days either way
		{"just past the middle", md(1, 1), ymd(2020, 7, 3), ymd(2021, 1, 1)},
		{"day alone", dd(30), ymd(2010, 7, 18), ymd(2010, 7, 30)},
		{"day alone early in the month", dd(28), ymd(2010, 7, 2), ymd(2010, 6, 28)},
		{"day alone skips short months", dd(31), ymd(2018, 9, 20), ymd(2018, 8, 31)},
		{"leap day", md(2, 29), ymd(2021, 1, 10), ymd(2020, 2, 29)},
		{"leap day nowhere near", md(2, 29), ymd(2022, 8, 1), md(2, 29)},
		{"has year", ymd(2017, 1, 1), ymd(2019, 1, 10), ymd(2017, 1, 1)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.d.ResolveNearest(tt.ref); got != tt.want {
				t.Errorf("%v.ResolveNearest(%v) = %v, want %v", tt.d, tt.ref, got, tt.want)
			}
		})
	}
}
