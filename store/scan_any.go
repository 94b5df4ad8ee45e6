package store

import "fmt"

// The helpers below read a column scanned into an any, as database/sql
// passes it on from the driver without conversion: scanning into
// *string, *int64 or a sql.Null… goes through reflection for every
// column of every row, which a comparison of tens of thousands of rows
// pays for. A driver gives INTEGER as int64, REAL as float64, TEXT as
// string or []byte, and NULL as nil.

// anyText is the text of v; "" for NULL.
func anyText(v any) (string, error) {
	switch x := v.(type) {
	case string:
		return x, nil
	case []byte:
		return string(x), nil
	case nil:
		return "", nil
	}
	return "", fmt.Errorf("%T where text was expected", v)
}

// anyInt is the integer v; 0 for NULL.
func anyInt(v any) (int64, error) {
	switch x := v.(type) {
	case int64:
		return x, nil
	case nil:
		return 0, nil
	}
	return 0, fmt.Errorf("%T where an integer was expected", v)
}

// anyFloat is the number v, and false for NULL.
func anyFloat(v any) (float64, bool, error) {
	switch x := v.(type) {
	case float64:
		return x, true, nil
	case int64:
		return float64(x), true, nil
	case nil:
		return 0, false, nil
	}
	return 0, false, fmt.Errorf("%T where a number was expected", v)
}
