#include <cstdio>
int main() { std::puts("heapdoc"); return 0; }
