// Command gen trains the store's zstd dictionary on portal pages and
// writes it where package zdict embeds it. Run from the repository's
// root:
//
//	go run ./store/zdict/gen -id 1 -o store/zdict/v1.zdict fixtures/html fixtures/text
//
// Each argument is a file or a directory whose files are read in name
// order. A retrained dictionary takes a new id (and a new file and
// zdict.ID): blobs of the old one name it, and the database keeps it.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"

	"nianbao/store/zdict"
)

func main() {
	id := flag.Uint("id", zdict.ID, "dictionary `number` (blobs.dict_id)")
	out := flag.String("o", "store/zdict/v1.zdict", "output `file`")
	flag.Parse()
	if err := run(uint32(*id), *out, flag.Args()); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run(id uint32, out string, args []string) error {
	if len(args) == 0 {
		return fmt.Errorf("no pages: name files or directories")
	}
	var names []string
	for _, a := range args {
		fi, err := os.Stat(a)
		if err != nil {
			return err
		}
		if !fi.IsDir() {
			names = append(names, a)
			continue
		}
		ents, err := os.ReadDir(a)
		if err != nil {
			return err
		}
		for _, e := range ents {
			if e.Type().IsRegular() {
				names = append(names, filepath.Join(a, e.Name()))
			}
		}
	}
	sort.Strings(names)
	var pages [][]byte
	total := 0
	for _, n := range names {
		b, err := os.ReadFile(n)
		if err != nil {
			return err
		}
		pages = append(pages, b)
		total += len(b)
	}
	d, err := zdict.Train(pages, id)
	if err != nil {
		return err
	}
	if err := os.WriteFile(out, d, 0o644); err != nil {
		return err
	}
	fmt.Printf("dictionary %d: %d bytes from %d pages (%d bytes) -> %s\n", id, len(d), len(pages), total, out)
	return nil
}
