fn t() {}
