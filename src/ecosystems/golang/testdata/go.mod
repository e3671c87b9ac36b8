// Self-made go.mod covering single-line and block directives, indirect, and replacements.
module example.com/app

go 1.21

require github.com/pkg/errors v0.9.1

require (
	golang.org/x/text v0.3.7 // indirect
	github.com/old/lib v1.0.0
	example.com/local v0.1.0
	github.com/docker/docker v20.10.7+incompatible
)

replace github.com/old/lib => github.com/new/lib v1.2.3

replace example.com/local => ../local
