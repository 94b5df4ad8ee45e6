//go:build !unix

package parser

import "os/exec"

// ownProcessGroup leaves cmd as it is: the context kills soffice alone.
func ownProcessGroup(cmd *exec.Cmd) {}
