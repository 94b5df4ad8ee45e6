package main

import (
	"fmt"
	"slices"
	"strings"

	"nianbao/crawler"
)

// closestNames returns names ordered by how close each is to name (edit
// distance, as for indicator codes; a name containing it counts as one
// edit away),
// then alphabetically: the first is the likeliest meant.
func closestNames(name string, names []string) []string {
	name = strings.ToLower(name)
	dist := make(map[string]int, len(names))
	for _, n := range names {
		d := editDistance(name, strings.ToLower(n))
		if name != "" && strings.Contains(strings.ToLower(n), name) {
			d = min(d, 1) // a part of the name: pingtan for pingtan-demo
		}
		dist[n] = d
	}
	out := slices.Clone(names)
	slices.SortStableFunc(out, func(a, b string) int {
		if dist[a] != dist[b] {
			return dist[a] - dist[b]
		}
		return strings.Compare(a, b)
	})
	return out
}

// unknownSite is the usage error of a -site name the sites file does not
// have: it lists the file's names, closest first.
func unknownSite(name, file string, cfg *crawler.Config) error {
	names := make([]string, len(cfg.Sites))
	for i, s := range cfg.Sites {
		names[i] = s.Name
	}
	return fmt.Errorf("%w: no site %q in %s; its sites, closest first: %s", errUsage, name, file, strings.Join(closestNames(strings.TrimSpace(name), names), ", "))
}
