package elastic

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"strings"

	"github.com/elastic/go-elasticsearch/v8/esapi"
)

// Versioned indices behind an alias. Searches and writes go to the alias
// (pressroom); the data lives in pressroom-v1, pressroom-v2 … A rebuild
// (a new mapping, a new extractor) fills the next version while the alias
// still serves the old one, then SwapAlias moves the alias in one
// _aliases call, so searches never see a half-built index:
//
//	next, err := st.CreateVersion(ctx)     // pressroom-v2, with the current template
//	w, err := st.OpenVersion(ctx, next)    // a Store writing to pressroom-v2
//	… w.Put(…) for every release …
//	err = w.Close(ctx)
//	err = st.SwapAlias(ctx, next)          // remove pressroom-v1, add pressroom-v2: atomic
//	err = st.DeleteVersion(ctx, "pressroom-v1") // when no longer wanted

// versionNumber reads N from alias-vN.
func versionNumber(alias, name string) (int, bool) {
	rest, ok := strings.CutPrefix(name, alias+"-v")
	if !ok {
		return 0, false
	}
	n, err := strconv.Atoi(rest)
	return n, err == nil && n > 0 && strconv.Itoa(n) == rest
}

func versionName(alias string, n int) string { return fmt.Sprintf("%s-v%d", alias, n) }

// indexMeta is one index and the mapping hash in its _meta.
type indexMeta struct {
	name, mapping string
}

// mappings returns the indices target names (an alias, a pattern) with the
// mapping hash each carries; none when target does not exist.
func (c *cluster) mappings(ctx context.Context, target string) ([]indexMeta, error) {
	rep, err := c.call(ctx, "get mapping of "+target, true, func() esapi.Request {
		return esapi.IndicesGetMappingRequest{Index: []string{target}}
	})
	if err != nil {
		return nil, err
	}
	if rep.status == http.StatusNotFound {
		return nil, nil
	}
	if !rep.ok() {
		return nil, rep.err("get mapping of " + target)
	}
	var v map[string]struct {
		Mappings struct {
			Meta map[string]any `json:"_meta"`
		} `json:"mappings"`
	}
	if err := json.Unmarshal(rep.body, &v); err != nil {
		return nil, fmt.Errorf("get mapping of %s: decode: %w", target, err)
	}
	var out []indexMeta
	for name, m := range v {
		h, _ := m.Mappings.Meta[metaKey].(string)
		out = append(out, indexMeta{name, h})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].name < out[j].name })
	return out, nil
}

// ensureAlias makes sure the alias exists and serves this pressroom's
// mapping: on first use it puts the template and creates version 1 behind
// the alias.
func (s *Store) ensureAlias(ctx context.Context) error {
	alias := s.cfg.Alias
	for try := 0; ; try++ {
		idx, err := s.c.mappings(ctx, alias)
		if err != nil {
			return err
		}
		switch {
		case len(idx) == 0 && s.cfg.ReadOnly:
			return fmt.Errorf("%w: no alias %s at %s (ingest into it first)", ErrNoIndex, alias, s.c.url)
		case len(idx) == 0 && try == 0:
			if err := s.c.putTemplate(ctx); err != nil {
				return err
			}
			err := s.c.createIndex(ctx, versionName(alias, 1), alias)
			if err != nil && !errors.Is(err, errExists) {
				return err
			}
			continue // read back what is there now (another process may have won)
		case len(idx) == 0:
			return fmt.Errorf("create %s: the alias is still missing after creating %s", alias, versionName(alias, 1))
		case len(idx) == 1 && idx[0].name == alias:
			return fmt.Errorf("%s at %s is an index, not an alias: pressroom keeps its data in %s-vN behind the alias %s; move the index away (reindex it into %s-v1 and delete it)", alias, s.c.url, alias, alias, alias)
		case len(idx) > 1:
			names := make([]string, len(idx))
			for i, x := range idx {
				names[i] = x.name
			}
			return fmt.Errorf("alias %s at %s points at %d indices (%s); it must point at one version: use SwapAlias", alias, s.c.url, len(idx), strings.Join(names, ", "))
		}
		if got, want := idx[0].mapping, MappingHash(); got != want {
			if !s.cfg.ReadOnly {
				return fmt.Errorf("%w: %s behind %s at %s has mapping %s, this pressroom writes %s; build the next version and swap the alias (pressroom reindex)", ErrMappingChanged, idx[0].name, alias, s.c.url, orNone(got), want)
			}
			s.log.Warn("index built with another mapping; search results may differ", "index", idx[0].name, "mapping", orNone(got), "want", want)
		}
		return nil
	}
}

func orNone(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}

var errExists = errors.New("already exists")

func (c *cluster) putTemplate(ctx context.Context) error {
	body, err := jsonBody(Template(c.cfg.Alias, c.cfg.Shards, c.cfg.Replicas))
	if err != nil {
		return err
	}
	rep, err := c.call(ctx, "put index template "+c.cfg.Alias, true, func() esapi.Request {
		return esapi.IndicesPutIndexTemplateRequest{Name: c.cfg.Alias, Body: bytes.NewReader(body)}
	})
	if err != nil {
		return err
	}
	if !rep.ok() {
		return rep.err("put index template " + c.cfg.Alias)
	}
	return nil
}

// createIndex creates name (its settings and mapping come from the
// template); with alias set, behind that alias as its write index.
func (c *cluster) createIndex(ctx context.Context, name, alias string) error {
	req := map[string]any{}
	if alias != "" {
		req["aliases"] = map[string]any{alias: map[string]any{"is_write_index": true}}
	}
	body, err := jsonBody(req)
	if err != nil {
		return err
	}
	rep, err := c.call(ctx, "create index "+name, false, func() esapi.Request {
		return esapi.IndicesCreateRequest{Index: name, Body: bytes.NewReader(body)}
	})
	if err != nil {
		return err
	}
	if rep.status == http.StatusBadRequest {
		if e := parseError(rep.body); e != nil && e.Type == "resource_already_exists_exception" {
			return fmt.Errorf("create index %s: %w", name, errExists)
		}
	}
	if !rep.ok() {
		return rep.err("create index " + name)
	}
	return nil
}

// Status is what `pressroom index status` shows.
type Status struct {
	URL       string `json:"url"`
	Cluster   string `json:"cluster"`
	ESVersion string `json:"elasticsearch_version"`
	Alias     string `json:"alias"`
	// Index is the version the alias points at ("" when there is none).
	Index   string `json:"index"`
	Version int    `json:"version"`
	// Docs is the number of releases in Index.
	Docs int `json:"docs"`
	// Mapping is the mapping hash Index was built with; WantMapping this
	// pressroom's. They differ after an upgrade that changed the mapping.
	Mapping     string `json:"mapping"`
	WantMapping string `json:"want_mapping"`
	// Versions are every Alias-vN index, oldest first.
	Versions []VersionStatus `json:"versions"`
	// StateIndex and StateRecords describe the crawl state kept in
	// Elasticsearch (StateRecords is -1 when there is no such index).
	StateIndex   string `json:"state_index"`
	StateRecords int    `json:"state_records"`
}

// VersionStatus is one versioned index.
type VersionStatus struct {
	Index   string `json:"index"`
	Version int    `json:"version"`
	Docs    int    `json:"docs"`
	Mapping string `json:"mapping"`
	Live    bool   `json:"live"`
}

// Status reports the alias, the version behind it and every version.
func (s *Store) Status(ctx context.Context) (*Status, error) {
	alias := s.cfg.Alias
	st := &Status{URL: s.c.url, Cluster: s.c.info.ClusterName, ESVersion: s.c.info.Version.Number,
		Alias: alias, WantMapping: MappingHash(), StateIndex: stateIndex(alias), StateRecords: -1}
	live, err := s.c.mappings(ctx, alias)
	if err != nil {
		return nil, err
	}
	if len(live) == 1 {
		st.Index, st.Mapping = live[0].name, live[0].mapping
		st.Version, _ = versionNumber(alias, st.Index)
	}
	all, err := s.c.mappings(ctx, alias+"-v*")
	if err != nil {
		return nil, err
	}
	for _, x := range all {
		n, ok := versionNumber(alias, x.name)
		if !ok {
			continue
		}
		docs, err := s.c.count(ctx, x.name)
		if err != nil {
			return nil, err
		}
		v := VersionStatus{Index: x.name, Version: n, Docs: docs, Mapping: x.mapping, Live: x.name == st.Index}
		if v.Live {
			st.Docs = docs
		}
		st.Versions = append(st.Versions, v)
	}
	sort.Slice(st.Versions, func(i, j int) bool { return st.Versions[i].Version < st.Versions[j].Version })
	if n, err := s.c.count(ctx, st.StateIndex); err == nil {
		st.StateRecords = n
	} else if !errors.Is(err, ErrNoIndex) {
		return nil, err
	}
	return st, nil
}

// CreateVersion puts the current index template and creates the next
// version (one past the highest that exists), not behind the alias yet.
// It returns the new index's name.
func (s *Store) CreateVersion(ctx context.Context) (string, error) {
	all, err := s.c.mappings(ctx, s.cfg.Alias+"-v*")
	if err != nil {
		return "", err
	}
	next := 1
	for _, x := range all {
		if n, ok := versionNumber(s.cfg.Alias, x.name); ok && n >= next {
			next = n + 1
		}
	}
	if err := s.c.putTemplate(ctx); err != nil {
		return "", err
	}
	name := versionName(s.cfg.Alias, next)
	if err := s.c.createIndex(ctx, name, ""); err != nil {
		return "", err
	}
	return name, nil
}

// SwapAlias points the alias at name and away from every other index, in
// one _aliases request: Elasticsearch applies its actions atomically, so a
// search sees either the old version or the new one. name must be a
// version of the alias with this pressroom's mapping.
func (s *Store) SwapAlias(ctx context.Context, name string) error {
	alias := s.cfg.Alias
	if _, ok := versionNumber(alias, name); !ok {
		return fmt.Errorf("swap alias: %q is not a version of %s", name, alias)
	}
	target, err := s.c.mappings(ctx, name)
	if err != nil {
		return err
	}
	if len(target) != 1 {
		return fmt.Errorf("swap alias: no index %s", name)
	}
	if target[0].mapping != MappingHash() {
		return fmt.Errorf("swap alias: %w: %s has mapping %s, want %s", ErrMappingChanged, name, orNone(target[0].mapping), MappingHash())
	}
	body, err := s.swapBody(ctx, name)
	if err != nil {
		return err
	}
	rep, err := s.c.call(ctx, "swap alias "+alias, true, func() esapi.Request {
		return esapi.IndicesUpdateAliasesRequest{Body: bytes.NewReader(body)}
	})
	if err != nil {
		return err
	}
	if !rep.ok() {
		return rep.err("swap alias " + alias + " to " + name)
	}
	s.log.Info("alias swapped", "alias", alias, "index", name)
	return nil
}

// swapBody is the _aliases request moving the alias to name.
func (s *Store) swapBody(ctx context.Context, name string) ([]byte, error) {
	alias := s.cfg.Alias
	current, err := s.c.mappings(ctx, alias)
	if err != nil {
		return nil, err
	}
	var actions []any
	for _, x := range current {
		if x.name != name {
			actions = append(actions, map[string]any{"remove": map[string]any{"index": x.name, "alias": alias}})
		}
	}
	actions = append(actions, map[string]any{"add": map[string]any{"index": name, "alias": alias, "is_write_index": true}})
	return jsonBody(map[string]any{"actions": actions})
}

// DeleteVersion deletes a version the alias does not point at.
func (s *Store) DeleteVersion(ctx context.Context, name string) error {
	if _, ok := versionNumber(s.cfg.Alias, name); !ok {
		return fmt.Errorf("delete version: %q is not a version of %s", name, s.cfg.Alias)
	}
	live, err := s.c.mappings(ctx, s.cfg.Alias)
	if err != nil {
		return err
	}
	for _, x := range live {
		if x.name == name {
			return fmt.Errorf("delete version: %s is live behind %s; swap the alias first", name, s.cfg.Alias)
		}
	}
	return s.c.deleteIndices(ctx, []string{name})
}

// Drop deletes every version of the alias, its index template and its
// crawl state index. It is for tests and for starting over.
func (s *Store) Drop(ctx context.Context) error {
	all, err := s.c.mappings(ctx, s.cfg.Alias+"-v*")
	if err != nil {
		return err
	}
	var names []string
	for _, x := range all {
		if _, ok := versionNumber(s.cfg.Alias, x.name); ok {
			names = append(names, x.name)
		}
	}
	if state, err := s.c.mappings(ctx, stateIndex(s.cfg.Alias)); err == nil && len(state) == 1 {
		names = append(names, state[0].name)
	}
	if len(names) > 0 {
		if err := s.c.deleteIndices(ctx, names); err != nil {
			return err
		}
	}
	rep, err := s.c.call(ctx, "delete index template "+s.cfg.Alias, true, func() esapi.Request {
		return esapi.IndicesDeleteIndexTemplateRequest{Name: s.cfg.Alias}
	})
	if err != nil {
		return err
	}
	if !rep.ok() && rep.status != http.StatusNotFound {
		return rep.err("delete index template " + s.cfg.Alias)
	}
	return nil
}

func (c *cluster) deleteIndices(ctx context.Context, names []string) error {
	rep, err := c.call(ctx, "delete "+strings.Join(names, ","), true, func() esapi.Request {
		return esapi.IndicesDeleteRequest{Index: names}
	})
	if err != nil {
		return err
	}
	if !rep.ok() && rep.status != http.StatusNotFound {
		return rep.err("delete " + strings.Join(names, ","))
	}
	return nil
}
