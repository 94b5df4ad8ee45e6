package parser

import "golang.org/x/text/encoding/simplifiedchinese"

func decodeTestGBK(utf []byte) ([]byte, error) {
	return simplifiedchinese.GBK.NewEncoder().Bytes(utf)
}
