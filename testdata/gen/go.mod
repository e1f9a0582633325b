module heapdoc/testdata/gen

go 1.19
