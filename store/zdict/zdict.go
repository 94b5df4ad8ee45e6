// Package zdict holds the zstd dictionaries the store compresses
// document bodies with, trained on portal pages, and the training that
// made them (gen/ regenerates the current one). A dictionary never
// changes once released: a new one gets the next ID, and the store keeps
// every one it used in its dictionaries table, so that blobs compressed
// with an older one stay readable.
package zdict

import (
	_ "embed"
	"fmt"

	"github.com/klauspost/compress/dict"
	"github.com/klauspost/compress/zstd"
)

// ID is the current dictionary's number: blobs.dict_id and
// dictionaries.id, and the ID written in its zstd header.
const ID = 1

// Current is the current dictionary, trained by gen on the real pages
// of fixtures/html and fixtures/text.
//
//go:embed v1.zdict
var Current []byte

// MaxSize is the size the training aims for: portal chrome repeats in
// far less, and every byte of it is scanned for each page compressed.
const MaxSize = 64 << 10

// sampleMax is the longest piece of a page given to the training.
const sampleMax = 64 << 10

// Train builds a zstd dictionary with the given id from sample pages.
// Two runs on the same pages may differ in a few bytes (the builder's
// map order), so a released dictionary is never rebuilt under its id.
func Train(pages [][]byte, id uint32) ([]byte, error) {
	if len(pages) == 0 {
		return nil, fmt.Errorf("train dictionary: no pages")
	}
	// The zstd encoder that scores the dictionary takes blocks of at
	// most 128 kB: longer pages are given in pieces.
	var samples [][]byte
	for _, p := range pages {
		for len(p) > sampleMax {
			samples = append(samples, p[:sampleMax])
			p = p[sampleMax:]
		}
		samples = append(samples, p)
	}
	d, err := dict.BuildZstdDict(samples, dict.Options{
		MaxDictSize: MaxSize,
		HashBytes:   6,
		ZstdDictID:  id,
		ZstdLevel:   zstd.SpeedBestCompression,
	})
	if err != nil {
		return nil, fmt.Errorf("train dictionary: %w", err)
	}
	return d, nil
}
