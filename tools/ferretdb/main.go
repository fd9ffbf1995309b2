// Command ferretdb runs FerretDB 1.24 as a local MongoDB-compatible server for development and
// tests. It embeds the ferretdb package instead of installing cmd/ferretdb, because that module
// version ships without the version.txt file its binary reads at start.
package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	"github.com/FerretDB/FerretDB/ferretdb"
)

func main() {
	listen := flag.String("listen", "127.0.0.1:27017", "TCP address to listen on (host:port; port 0 picks a free one)")
	sqliteDir := flag.String("sqlite-dir", "", "folder for the SQLite backend's files (used unless -postgresql-url is set)")
	postgresqlURL := flag.String("postgresql-url", "", "PostgreSQL connection string for the PostgreSQL backend")
	logLevel := flag.String("log-level", "error", "FerretDB log level: debug, info, warn or error")
	flag.Parse()

	var level slog.Level
	if err := level.UnmarshalText([]byte(*logLevel)); err != nil {
		fail("invalid -log-level %q: %v", *logLevel, err)
	}
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level}))

	config := &ferretdb.Config{
		Listener: ferretdb.ListenerConfig{TCP: *listen},
		Logger:   logger,
	}

	switch {
	case *postgresqlURL != "":
		config.Handler = "postgresql"
		config.PostgreSQLURL = *postgresqlURL
	case *sqliteDir != "":
		if err := os.MkdirAll(*sqliteDir, 0o700); err != nil {
			fail("cannot create -sqlite-dir %q: %v", *sqliteDir, err)
		}
		config.Handler = "sqlite"
		config.SQLiteURL = "file:" + *sqliteDir + "/"
	default:
		fail("set -sqlite-dir or -postgresql-url")
	}

	server, err := ferretdb.New(config)
	if err != nil {
		fail("cannot start FerretDB: %v", err)
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	done := make(chan error, 1)
	go func() { done <- server.Run(ctx) }()

	// The parent process waits for this line to learn the address, which matters with port 0.
	fmt.Printf("ready %s\n", server.MongoDBURI())

	if err := <-done; err != nil {
		fail("FerretDB stopped: %v", err)
	}
}

func fail(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "ferretdb: "+format+"\n", args...)
	os.Exit(1)
}
