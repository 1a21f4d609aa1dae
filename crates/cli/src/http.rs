//! A small HTTP/1.1 client for talking to partners' servers (`dragnet pull`, `dragnet
//! overlap`): hyper's connection over a socket we open ourselves, kept alive and reopened
//! when the server closes it, with TLS by rustls on ring and the Mozilla roots compiled in
//! (no aws-lc, nothing downloaded).

use anyhow::{Context, bail};
use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use std::sync::Arc;

/// One HTTP/1.1 connection to the partner, reopened when the server closes it.
pub struct Client {
    user_agent: &'static str,
    base: url::Url,
    auth: Option<String>,
    tls: Arc<rustls::ClientConfig>,
    conn: Option<hyper::client::conn::http1::SendRequest<Full<Bytes>>>,
}

impl Client {
    pub fn new(base: url::Url, auth: Option<String>, user_agent: &'static str) -> Self {
        let roots = rustls::RootCertStore {
            roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
        };
        let tls = rustls::ClientConfig::builder_with_provider(Arc::new(
            rustls::crypto::ring::default_provider(),
        ))
        .with_safe_default_protocol_versions()
        .map(|b| b.with_root_certificates(roots).with_no_client_auth())
        // Invariant: ring supports the default protocol versions.
        .expect("ring supports TLS 1.2 and 1.3");
        Client {
            user_agent,
            base,
            auth,
            tls: Arc::new(tls),
            conn: None,
        }
    }

    async fn connect(
        &self,
    ) -> anyhow::Result<hyper::client::conn::http1::SendRequest<Full<Bytes>>> {
        let host = self
            .base
            .host_str()
            .context("the URL has no host")?
            .to_string();
        let port = self
            .base
            .port_or_known_default()
            .context("the URL has no port")?;
        let tcp = tokio::net::TcpStream::connect((host.as_str(), port))
            .await
            .with_context(|| format!("cannot connect to {host}:{port}"))?;
        tcp.set_nodelay(true).ok();
        macro_rules! handshake {
            ($io:expr) => {{
                let (send, conn) =
                    hyper::client::conn::http1::handshake(hyper_util::rt::TokioIo::new($io))
                        .await
                        .context("HTTP handshake")?;
                tokio::spawn(async move {
                    if let Err(e) = conn.await {
                        tracing::debug!(error = %e, "connection closed");
                    }
                });
                send
            }};
        }
        Ok(match self.base.scheme() {
            "http" => handshake!(tcp),
            "https" => {
                let name = rustls::pki_types::ServerName::try_from(host.clone())
                    .with_context(|| format!("`{host}` is not a valid TLS server name"))?;
                let tls = tokio_rustls::TlsConnector::from(self.tls.clone())
                    .connect(name, tcp)
                    .await
                    .with_context(|| format!("TLS with {host}"))?;
                handshake!(tls)
            }
            s => bail!("unsupported URL scheme `{s}` (http or https)"),
        })
    }

    /// GETs `url`, accepting `accept`; returns status, headers and body.
    pub async fn get(
        &mut self,
        url: &url::Url,
        accept: &str,
    ) -> anyhow::Result<(u16, hyper::HeaderMap, Bytes)> {
        self.request(hyper::Method::GET, url, accept, None).await
    }

    /// POSTs `body` of `content_type` to `url`; returns status, headers and body.
    pub async fn post(
        &mut self,
        url: &url::Url,
        accept: &str,
        content_type: &str,
        body: Bytes,
    ) -> anyhow::Result<(u16, hyper::HeaderMap, Bytes)> {
        self.request(hyper::Method::POST, url, accept, Some((content_type, body)))
            .await
    }

    async fn request(
        &mut self,
        method: hyper::Method,
        url: &url::Url,
        accept: &str,
        body: Option<(&str, Bytes)>,
    ) -> anyhow::Result<(u16, hyper::HeaderMap, Bytes)> {
        for attempt in 0..2 {
            let mut send = match self.conn.take() {
                Some(s) if !s.is_closed() => s,
                _ => self.connect().await?,
            };
            send.ready().await.ok();
            let mut req = hyper::Request::builder()
                .method(method.clone())
                .uri(&url[url::Position::BeforePath..])
                .header(hyper::header::HOST, url.authority())
                .header(hyper::header::ACCEPT, accept)
                .header(hyper::header::USER_AGENT, self.user_agent);
            if let Some(a) = &self.auth {
                req = req.header(hyper::header::AUTHORIZATION, a);
            }
            let payload = match &body {
                Some((ct, b)) => {
                    req = req.header(hyper::header::CONTENT_TYPE, *ct);
                    b.clone()
                }
                None => Bytes::new(),
            };
            let req = req
                .body(Full::new(payload))
                .context("building the request")?;
            match send.send_request(req).await {
                Ok(resp) => {
                    let status = resp.status().as_u16();
                    let headers = resp.headers().clone();
                    let body = resp
                        .into_body()
                        .collect()
                        .await
                        .context("reading the response")?
                        .to_bytes();
                    self.conn = Some(send);
                    return Ok((status, headers, body));
                }
                // A kept-alive connection the server closed meanwhile: reconnect once.
                Err(e) if attempt == 0 && (e.is_canceled() || e.is_closed()) => continue,
                Err(e) => return Err(e).context("HTTP request"),
            }
        }
        bail!("the server keeps closing the connection")
    }
}
