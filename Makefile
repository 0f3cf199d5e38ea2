# edubureau — make demo 启动演示区县；make test 运行全部测试。
GO      ?= go
BIN     := bin/edubureau
DATA    ?= data
ADDR    ?= 127.0.0.1:8080
PG_URL  ?= postgres://postgres@127.0.0.1:5432/test?sslmode=disable

# The PostgreSQL store tests run when a server answers (CI requires them: see .ci/run).
ifeq ($(EDUBUREAU_TEST_POSTGRES),)
ifneq ($(shell pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null && echo up),)
export EDUBUREAU_TEST_POSTGRES := $(PG_URL)
endif
endif

.PHONY: all build web web-deps demo test test-go test-browser bench fuzz vet clean

all: build

web/node_modules/.package-lock.json: web/package-lock.json
	cd web && npm ci --no-audit --no-fund

web-deps: web/node_modules/.package-lock.json

web: web-deps
	cd web && npm run build

build: web
	$(GO) build -o $(BIN) ./cmd/edubureau

# Builds everything, writes the demo district (江城市青溪区) and serves it on $(ADDR).
demo: build
	./$(BIN) demo --reset --data $(DATA)
	./$(BIN) serve --data $(DATA) --addr $(ADDR)

vet:
	$(GO) vet ./...
	@test -z "$$(gofmt -l cmd internal web/embed.go)" || (echo "gofmt would change:"; gofmt -l cmd internal; exit 1)

test: vet test-go test-browser

test-go:
	$(GO) test -count=1 ./...

test-browser: build
	cd web && EDUBUREAU_BIN=$(CURDIR)/$(BIN) npm run test:e2e

bench:
	$(GO) test -run='^$$' -bench=. -benchmem ./...

FUZZTIME ?= 60s
fuzz:
	$(GO) test -run='^$$' -fuzz=FuzzParseIDNumber -fuzztime=$(FUZZTIME) ./internal/platform/identity/
	$(GO) test -run='^$$' -fuzz=FuzzParseStudentNo -fuzztime=$(FUZZTIME) ./internal/platform/identity/
	$(GO) test -run='^$$' -fuzz=FuzzOpen -fuzztime=$(FUZZTIME) ./internal/platform/pii/
	$(GO) test -run='^$$' -fuzz=FuzzSheetScan -fuzztime=$(FUZZTIME) ./internal/platform/excel/
	$(GO) test -run='^$$' -fuzz=FuzzParseCatchmentLine -fuzztime=$(FUZZTIME) ./internal/enroll/
	$(GO) test -run='^$$' -fuzz=FuzzNormalizeAddress -fuzztime=$(FUZZTIME) ./internal/enroll/
	$(GO) test -run='^$$' -fuzz=FuzzScore -fuzztime=$(FUZZTIME) ./internal/fitness/
	$(GO) test -run='^$$' -fuzz=FuzzParseCell -fuzztime=$(FUZZTIME) ./internal/fitness/
	$(GO) test -run='^$$' -fuzz=FuzzParseTemplate -fuzztime=$(FUZZTIME) ./internal/reports/

clean:
	rm -rf bin web/dist/assets web/dist/index.html
