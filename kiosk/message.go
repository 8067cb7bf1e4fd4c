package kiosk

// Level says how a message is shown.
type Level int

// Message levels.
const (
	LevelInfo Level = iota
	LevelSuccess
	LevelWarning
	LevelError
)

// Message is a translatable text for the patron: a Catalog key and its
// placeholder values. The zero Message means "nothing to say".
type Message struct {
	Key   string
	Args  map[string]string
	Level Level
}

// Msg returns a message at level with placeholder name/value pairs.
func Msg(level Level, key string, kv ...string) Message {
	return Message{Key: key, Level: level, Args: args(kv)}
}

// args turns placeholder name/value pairs into a map; nil for none.
func args(kv []string) map[string]string {
	if len(kv) < 2 {
		return nil
	}
	m := make(map[string]string, len(kv)/2)
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i]] = kv[i+1]
	}
	return m
}

// IsZero reports whether m says nothing.
func (m Message) IsZero() bool { return m.Key == "" }
