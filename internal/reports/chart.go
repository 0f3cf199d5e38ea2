package reports

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"math"
)

// The charts are drawn here rather than with a plotting library: bars, value labels and circled
// indexes need only a 5×7 digit font, and no CJK font has to exist on the server. The category
// names are set in the document under the chart (① 幼儿园 ② 小学 …), where the document's
// fonts apply.

// Circled is the circled index of a bar (① … ⑳) used in the chart and its legend.
func Circled(i int) string {
	if i >= 1 && i <= 20 {
		return string(rune('①' + i - 1))
	}
	return "(" + itoa(i) + ")"
}

var glyphs = map[rune][7]string{
	'0': {"01110", "10001", "10011", "10101", "11001", "10001", "01110"},
	'1': {"00100", "01100", "00100", "00100", "00100", "00100", "01110"},
	'2': {"01110", "10001", "00001", "00010", "00100", "01000", "11111"},
	'3': {"11110", "00001", "00001", "01110", "00001", "00001", "11110"},
	'4': {"00010", "00110", "01010", "10010", "11111", "00010", "00010"},
	'5': {"11111", "10000", "11110", "00001", "00001", "10001", "01110"},
	'6': {"00110", "01000", "10000", "11110", "10001", "10001", "01110"},
	'7': {"11111", "00001", "00010", "00100", "01000", "01000", "01000"},
	'8': {"01110", "10001", "10001", "01110", "10001", "10001", "01110"},
	'9': {"01110", "10001", "10001", "01111", "00001", "00010", "01100"},
	'.': {"00000", "00000", "00000", "00000", "00000", "01100", "01100"},
	'%': {"11001", "11010", "00010", "00100", "01000", "01011", "10011"},
	'-': {"00000", "00000", "00000", "11111", "00000", "00000", "00000"},
}

var palette = []color.RGBA{{0x2f, 0x6f, 0xb5, 0xff}, {0x3a, 0x9e, 0x6e, 0xff}, {0xd9, 0x8c, 0x2b, 0xff}, {0xb5, 0x45, 0x45, 0xff},
	{0x6b, 0x5b, 0xa8, 0xff}, {0x3d, 0x8f, 0xa8, 0xff}}

// ChartPNG draws a bar chart: one bar per value with its text above and its circled index below.
func ChartPNG(c *Chart) ([]byte, error) {
	const w, h, top, bottom, left, right = 1200, 600, 60, 90, 40, 40
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	fill(img, image.Rect(0, 0, w, h), color.RGBA{0xff, 0xff, 0xff, 0xff})
	axis := color.RGBA{0x88, 0x88, 0x88, 0xff}
	fill(img, image.Rect(left, h-bottom, w-right, h-bottom+2), axis)
	maxV := 0.0
	for _, v := range c.Values {
		maxV = math.Max(maxV, v)
	}
	if maxV <= 0 {
		maxV = 1
	}
	n := len(c.Values)
	if n == 0 {
		return encodePNG(img)
	}
	slot := float64(w-left-right) / float64(n)
	barW := int(math.Min(slot*0.6, 160))
	scale := 4
	if n > 8 {
		scale = 3
	}
	for i, v := range c.Values {
		cx := left + int(slot*(float64(i)+0.5))
		bh := int(float64(h-top-bottom) * v / maxV)
		col := palette[i%len(palette)]
		fill(img, image.Rect(cx-barW/2, h-bottom-bh, cx+barW/2, h-bottom), col)
		text := c.Texts[i]
		tw := textWidth(text, scale)
		drawText(img, cx-tw/2, h-bottom-bh-8-7*scale, text, scale, color.RGBA{0x22, 0x22, 0x22, 0xff})
		idx := itoa(i + 1)
		iw := textWidth(idx, 3)
		r := 20
		circle(img, cx, h-bottom+16+r, r, axis)
		drawText(img, cx-iw/2, h-bottom+16+r-10, idx, 3, color.RGBA{0x22, 0x22, 0x22, 0xff})
	}
	return encodePNG(img)
}

func encodePNG(img image.Image) ([]byte, error) {
	var buf bytes.Buffer
	err := (&png.Encoder{CompressionLevel: png.BestSpeed}).Encode(&buf, img)
	return buf.Bytes(), err
}

func fill(img *image.RGBA, r image.Rectangle, c color.RGBA) {
	r = r.Intersect(img.Bounds())
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			img.SetRGBA(x, y, c)
		}
	}
}

func textWidth(s string, scale int) int { return len(s)*6*scale - scale }

func drawText(img *image.RGBA, x, y int, s string, scale int, c color.RGBA) {
	for _, r := range s {
		g, ok := glyphs[r]
		if ok {
			for row, bits := range g {
				for col, b := range bits {
					if b == '1' {
						fill(img, image.Rect(x+col*scale, y+row*scale, x+(col+1)*scale, y+(row+1)*scale), c)
					}
				}
			}
		}
		x += 6 * scale
	}
}

func circle(img *image.RGBA, cx, cy, r int, c color.RGBA) {
	for a := 0.0; a < 2*math.Pi; a += 0.01 {
		x, y := cx+int(float64(r)*math.Cos(a)), cy+int(float64(r)*math.Sin(a))
		fill(img, image.Rect(x-1, y-1, x+1, y+1), c)
	}
}
