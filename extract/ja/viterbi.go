package ja

import (
	"fmt"
	"unicode/utf8"

	"github.com/ikawaha/kagome-dict/dict"
	"github.com/ikawaha/kagome/v2/tokenizer/lattice"
)

// viterbi finds the same best path through the same lattice as Kagome's
// lattice package does in Normal mode (Build, Forward, Backward), node for
// node and tie for tie, over Kagome's dictionary. It exists for speed
// alone: Kagome takes every node from a sync.Pool, looks each dictionary
// match's duplicates up in a map, and hands the trie a closure that
// escapes, which together cost as much as the search itself. Here nodes
// are values in arrays reused from line to line, duplicates and unknown
// word classes are read from dense tables built once, and the trie is
// walked in place. TestFastMatchesSlow and FuzzFastMatchesSlow hold it to
// Kagome's Tokenize.
type viterbi struct {
	d *dict.Dict
	// ent is Kagome's Morphs with IndexTable.Dup beside each entry (how
	// many entries after it share its surface): one cache line where the
	// dictionary has two.
	ent []entry
	// final has bit q set when the trie's node q ends a key: the test
	// DoubleArray makes by reading a second node, which is a cache miss
	// at almost every byte of the input and a key's end at few.
	final []uint64
	// unkID and unkDup are UnkDict.Index and UnkDict.IndexDup by character
	// class (a byte), zero where the maps have no key, as a map read gives.
	unkID, unkDup [256]int32
}

type entry struct {
	left, right, weight int16
	dup                 uint16
}

func newViterbi(d *dict.Dict) (*viterbi, error) {
	v := &viterbi{d: d, ent: make([]entry, len(d.Morphs))}
	for id, m := range d.Morphs {
		v.ent[id] = entry{left: m.LeftID, right: m.RightID, weight: m.Weight}
	}
	for id, k := range d.Index.Dup {
		if id < 0 || int(id)+int(k) >= len(v.ent) || k < 0 || k > 0xffff {
			return nil, fmt.Errorf("dictionary index: entry %d with %d duplicates is out of range (%d entries)", id, k, len(v.ent))
		}
		v.ent[id].dup = uint16(k)
	}
	da := d.Index.Da
	v.final = make([]uint64, (len(da)+63)/64)
	for q := range da {
		ahead := int(da[q].Base) + trieTerminator
		if ahead >= 0 && ahead < len(da) && int(da[ahead].Check) == q && int(da[ahead].Base) <= 0 {
			v.final[q/64] |= 1 << (q % 64)
		}
	}
	for c, id := range d.UnkDict.Index {
		if c >= 0 && c < 256 {
			v.unkID[c] = id
		}
	}
	for c, k := range d.UnkDict.IndexDup {
		if c >= 0 && c < 256 {
			v.unkDup[c] = k
		}
	}
	return v, nil
}

const (
	maximumCost              = 1<<31 - 1 // Kagome's lattice constants
	maximumUnknownWordLength = 1024
	trieTerminator           = 0
)

// vnode is a lattice node. Positions in runes are what Kagome's lattice
// indexes by; bytes are what the surface is cut with.
type vnode struct {
	id        int32
	class     uint8 // a lattice.NodeClass
	end       int32 // runes
	pos, epos int32 // bytes
	right     int32
	cost      int32
	prev      int32 // index into nodes, -1 for none
	next      int32 // the next node ending where this one does, -1 for none
}

// paths is one line's working memory, pooled by the Analyzer.
type paths struct {
	nodes []vnode
	// head and tail are, by end position, the first and last node ending
	// there: Kagome's lattice.list as linked lists in insertion order.
	head, tail []int32
	// The best predecessor depends only on a node's start and its left
	// context, so at each start it is found once per left context: memoGen
	// marks the entries of the current start (gen).
	gen     uint32
	memoGen []uint32
	memoRaw []int64
	memoArg []int32
	best    []int32 // the best path, EOS first
}

// add appends the node inp[pos:epos] starting at rune start (runes long,
// as utf8.RuneCountInString counts) with its best predecessor and cost,
// as Kagome's Forward would find them. Every node ending at start is in
// place already: they all start before it.
func (v *viterbi) add(w *paths, id int, class lattice.NodeClass, start, runes, pos, epos int, left16, right, weight int16) {
	cost, prev := int32(maximumCost), int32(-1)
	if h := w.head[start]; h >= 0 {
		left := int(left16)
		var raw int64
		var arg int32
		if left < len(w.memoGen) && w.memoGen[left] == w.gen {
			raw, arg = w.memoRaw[left], w.memoArg[left]
		} else {
			// Forward keeps the first of the lowest totals; the weight is
			// the same for every predecessor, so the first of the lowest
			// (connection + cost) is that one, unless every total reaches
			// the ceiling, when Forward keeps the first predecessor.
			conn := v.d.Connection.Vec[v.d.Connection.Row*int64(left):]
			arg = h
			raw = int64(conn[w.nodes[h].right]) + int64(w.nodes[h].cost)
			for j := w.nodes[h].next; j >= 0; j = w.nodes[j].next {
				if r := int64(conn[w.nodes[j].right]) + int64(w.nodes[j].cost); r < raw {
					raw, arg = r, j
				}
			}
			if left < len(w.memoGen) {
				w.memoGen[left], w.memoRaw[left], w.memoArg[left] = w.gen, raw, arg
			}
		}
		if total := raw + int64(weight); total < maximumCost {
			cost, prev = int32(total), arg
		} else {
			prev = h
		}
	}
	i := int32(len(w.nodes))
	end := start + runes
	w.nodes = append(w.nodes, vnode{
		id: int32(id), class: uint8(class), end: int32(end), pos: int32(pos), epos: int32(epos),
		right: int32(right), cost: cost, prev: prev, next: -1,
	})
	if t := w.tail[end]; t >= 0 {
		w.nodes[t].next = i
	} else {
		w.head[end] = i
	}
	w.tail[end] = i
}

// nextStart moves the memo on to the next start position.
func (w *paths) nextStart() {
	w.gen++
	if w.gen == 0 { // wrapped: forget every mark
		clear(w.memoGen)
		w.gen = 1
	}
}

// matches adds the dictionary's entries for the key that ends at trie node
// q, if one does: inp[pos:epos], runes long.
func (v *viterbi) matches(w *paths, q, start, runes, pos, epos int, found *bool) {
	if v.final[q/64]&(1<<(q%64)) == 0 {
		return
	}
	da := v.d.Index.Da
	x := int(-da[int(da[q].Base)+trieTerminator].Base)
	for id := x; id <= x+int(v.ent[x].dup); id++ {
		e := v.ent[id]
		v.add(w, id, lattice.KNOWN, start, runes, pos, epos, e.left, e.right, e.weight)
	}
	*found = true
}

// run fills w.best with the best path through inp's lattice.
func (v *viterbi) run(w *paths, inp string) {
	d := v.d
	rc := utf8.RuneCountInString(inp)
	w.head, w.tail = fillNone(w.head, rc+2), fillNone(w.tail, rc+2)
	if n := int(d.Connection.Col); len(w.memoGen) < n {
		w.memoGen, w.memoRaw, w.memoArg = make([]uint32, n), make([]int64, n), make([]int32, n)
	}
	// BOS, with a zero Morph and cost as Kagome makes it.
	w.nodes = append(w.nodes[:0], vnode{id: int32(lattice.BosEosID), class: uint8(lattice.DUMMY), prev: -1, next: -1})
	w.head[0], w.tail[0] = 0, 0

	da := d.Index.Da
	runePos := -1
	for pos, ch := range inp {
		runePos++
		w.nextStart()
		anyMatches := false
		// The trie walk of DoubleArray.CommonPrefixSearchCallback, with the
		// duplicates IndexTable.CommonPrefixSearchCallback adds.
		var p, q, runes int
		for i := pos; i < len(inp); i++ {
			if inp[i] == trieTerminator {
				break
			}
			// A match is a dictionary key, valid UTF-8, so its runes are
			// its bytes that do not continue one.
			if utf8.RuneStart(inp[i]) {
				runes++
			}
			p = q
			q = int(da[p].Base) + int(inp[i])
			if q >= len(da) || int(da[q].Check) != p {
				break
			}
			v.matches(w, q, runePos, runes, pos, i+1, &anyMatches)
		}
		class := d.CharacterCategory(ch)
		if anyMatches && !d.InvokeList[int(class)] {
			continue
		}
		// Unknown words, as Lattice.Build makes them.
		var endPos int
		if ch != utf8.RuneError {
			endPos = pos + utf8.RuneLen(ch)
		} else {
			endPos = pos + 1
		}
		unkWordLen := 1
		if d.GroupList[int(class)] {
			for i, wd := endPos, 0; i < len(inp); i += wd {
				var c rune
				c, wd = utf8.DecodeRuneInString(inp[i:])
				if d.CharacterCategory(c) != class {
					break
				}
				endPos += wd
				unkWordLen++
				if unkWordLen >= maximumUnknownWordLength {
					break
				}
			}
		}
		prev := pos
		if c, size := utf8.DecodeLastRuneInString(inp[pos:endPos]); c != utf8.RuneError {
			prev = endPos - size
		}
		id, dup := int(v.unkID[class]), int(v.unkDup[class])
		short, long := utf8.RuneCountInString(inp[pos:prev]), utf8.RuneCountInString(inp[pos:endPos])
		for x := range dup + 1 {
			m := d.UnkDict.Morphs[id+x]
			if pos < prev {
				v.add(w, id+x, lattice.UNKNOWN, runePos, short, pos, prev, m.LeftID, m.RightID, m.Weight)
			}
			v.add(w, id+x, lattice.UNKNOWN, runePos, long, pos, endPos, m.LeftID, m.RightID, m.Weight)
		}
	}
	// EOS, then back from it.
	w.nextStart()
	eos := int32(len(w.nodes))
	v.add(w, lattice.BosEosID, lattice.DUMMY, rc, 1, len(inp), len(inp), 0, 0, 0)
	w.best = w.best[:0]
	for i := eos; i >= 0; i = w.nodes[i].prev {
		w.best = append(w.best, i)
	}
}

func fillNone(s []int32, n int) []int32 {
	if cap(s) < n {
		s = make([]int32, n)
	}
	s = s[:n]
	for i := range s {
		s[i] = -1
	}
	return s
}
