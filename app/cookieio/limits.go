package cookieio

// ServerLimit is the most Cookie header a common server takes by default.
type ServerLimit struct {
	Server string
	Bytes  int
	What   string // what the limit counts
	Source string // where it is documented
}

// ServerLimits are the default request header limits of common servers,
// smallest first; README.md lists them with the same sources.
var ServerLimits = []ServerLimit{
	{"Apache httpd", 8190, "one header field (LimitRequestFieldSize)", "https://httpd.apache.org/docs/2.4/mod/core.html#limitrequestfieldsize"},
	{"nginx", 8192, "one header line (large_client_header_buffers 4 8k)", "https://nginx.org/en/docs/http/ngx_http_core_module.html#large_client_header_buffers"},
	{"Tomcat", 8192, "all request headers (maxHttpHeaderSize)", "https://tomcat.apache.org/tomcat-10.1-doc/config/http.html"},
	{"Node.js", 16384, "all request headers (--max-http-header-size)", "https://nodejs.org/api/cli.html#--max-http-header-sizesize"},
	{"Go net/http", 1 << 20, "all request headers (DefaultMaxHeaderBytes)", "https://pkg.go.dev/net/http#DefaultMaxHeaderBytes"},
}
