package parser

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// errNoLibreOffice is returned by convertToDOCX when neither soffice nor
// libreoffice is on the PATH.
var errNoLibreOffice = errors.New("LibreOffice (soffice) is not installed")

// ConvertTimeout bounds one LibreOffice conversion. A report converts in
// 1–4 s, most of it LibreOffice starting with a fresh profile.
var ConvertTimeout = 60 * time.Second

// sofficePath finds LibreOffice on the PATH.
func sofficePath() (string, error) {
	for _, name := range []string{"soffice", "libreoffice"} {
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	return "", errNoLibreOffice
}

// convertToDOCX converts a document of the given format (its file name
// extension: doc, wps, odt, rtf) to DOCX with LibreOffice.
func convertToDOCX(src []byte, format string) ([]byte, error) {
	return convertTo(src, format, "docx")
}

// sofficeFilters are the export filters of the formats convertTo writes.
var sofficeFilters = map[string]string{
	"docx": "docx:MS Word 2007 XML",
	"doc":  "doc:MS Word 97",
	"odt":  "odt:writer8",
	"pdf":  "pdf:writer_pdf_Export",
	"html": "html:HTML (StarWriter)",
}

// convertTo converts a document from one format to another (file name
// extensions) with LibreOffice: headless, in a private profile so that
// conversions running at once do not share one, killed with its process
// group after ConvertTimeout. The files live in a temporary directory
// removed afterwards.
func convertTo(src []byte, from, to string) ([]byte, error) {
	filter, ok := sofficeFilters[to]
	if !ok {
		return nil, fmt.Errorf("no LibreOffice filter for %q", to)
	}
	soffice, err := sofficePath()
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "nianbao-soffice-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	in := filepath.Join(dir, "report."+from)
	if err := os.WriteFile(in, src, 0o600); err != nil {
		return nil, err
	}
	outDir := filepath.Join(dir, "out")
	profile := "file://" + filepath.ToSlash(filepath.Join(dir, "profile"))
	ctx, cancel := context.WithTimeout(context.Background(), ConvertTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, soffice, "-env:UserInstallation="+profile, "--headless", "--invisible",
		"--nologo", "--norestore", "--nolockcheck", "--convert-to", filter, "--outdir", outDir, in)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "HOME="+dir)
	var out strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &out
	ownProcessGroup(cmd)
	cmd.WaitDelay = 5 * time.Second
	err = cmd.Run()
	if ctx.Err() != nil {
		return nil, fmt.Errorf("%s: no result after %s, stopped", soffice, ConvertTimeout)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w: %s", soffice, err, lastLine(out.String()))
	}
	f, err := os.Open(filepath.Join(outDir, "report."+to))
	if err != nil {
		return nil, fmt.Errorf("%s wrote no %s file: %s", soffice, to, lastLine(out.String()))
	}
	defer f.Close()
	docx, err := io.ReadAll(io.LimitReader(f, 4*MaxSize+1))
	if err != nil {
		return nil, err
	}
	if len(docx) > 4*MaxSize {
		return nil, fmt.Errorf("the %s file LibreOffice wrote is larger than %d MiB", to, 4*MaxSize>>20)
	}
	return docx, nil
}

// lastLine is the last non-blank line of a program's output, for errors.
func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return strings.TrimSpace(lines[len(lines)-1])
}
