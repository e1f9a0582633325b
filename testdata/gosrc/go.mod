module example.com/gosrc

go 1.19
