package main

import (
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"k8s.io/client-go/tools/clientcmd"
	clientcmdapi "k8s.io/client-go/tools/clientcmd/api"
	"k8s.io/client-go/util/cert"
)

const (
	serviceAccountIssuer = "https://kubernetes.default.svc.cluster.local"
	validity             = 10 * 365 * 24 * time.Hour
)

// pki is the folder of the cluster's credentials: one CA that signs the serving certificate and the client
// certificates (it is also the API server's --client-ca-file), the admin's client certificate, and the key that
// signs service-account tokens. RSA keys throughout, which every client (kubectl, fabric8) reads.
type pki struct {
	dir string
}

func (p pki) path(name string) string { return filepath.Join(p.dir, name) }

// loadOrCreatePKI keeps the files of an earlier run, so that kubeconfigs and tokens issued before a restart stay
// valid, and creates what is missing.
func loadOrCreatePKI(dir string) (pki, error) {
	p := pki{dir: dir}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return p, err
	}
	if _, err := os.Stat(p.path("ca.crt")); err == nil {
		return p, nil
	}
	caKey, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return p, err
	}
	ca, err := cert.NewSelfSignedCACert(cert.Config{CommonName: "modelport-controlplane-ca"}, caKey)
	if err != nil {
		return p, err
	}
	serving := x509.Certificate{
		Subject:     pkix.Name{CommonName: "kube-apiserver"},
		DNSNames:    []string{"localhost", "kubernetes", "kubernetes.default", "kubernetes.default.svc"},
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")},
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	admin := x509.Certificate{
		Subject:     pkix.Name{CommonName: "modelport-admin", Organization: []string{"system:masters"}},
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth},
	}
	if err := p.issue("apiserver", serving, ca, caKey); err != nil {
		return p, err
	}
	if err := p.issue("admin", admin, ca, caKey); err != nil {
		return p, err
	}
	saKey, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return p, err
	}
	if err := p.writeKey("service-account.key", saKey); err != nil {
		return p, err
	}
	if err := p.writeKey("ca.key", caKey); err != nil {
		return p, err
	}
	// The CA certificate last: its presence says the folder is complete.
	return p, os.WriteFile(p.path("ca.crt"), pemBlock("CERTIFICATE", ca.Raw), 0o600)
}

// issue signs a certificate for a new key with the CA and writes <name>.crt and <name>.key.
func (p pki) issue(name string, template x509.Certificate, ca *x509.Certificate, caKey crypto.Signer) error {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return err
	}
	serial, err := rand.Int(rand.Reader, big.NewInt(1<<62))
	if err != nil {
		return err
	}
	template.SerialNumber = serial
	template.NotBefore = time.Now().Add(-time.Hour)
	template.NotAfter = time.Now().Add(validity)
	template.KeyUsage = x509.KeyUsageDigitalSignature | x509.KeyUsageKeyEncipherment
	der, err := x509.CreateCertificate(rand.Reader, &template, ca, key.Public(), caKey)
	if err != nil {
		return fmt.Errorf("signing %s: %w", name, err)
	}
	if err := os.WriteFile(p.path(name+".crt"), pemBlock("CERTIFICATE", der), 0o600); err != nil {
		return err
	}
	return p.writeKey(name+".key", key)
}

// writeKey writes the key as PKCS #8 ("PRIVATE KEY"), the encoding every client and the JDK read without help.
func (p pki) writeKey(name string, key *rsa.PrivateKey) error {
	der, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return err
	}
	return os.WriteFile(p.path(name), pemBlock("PRIVATE KEY", der), 0o600)
}

func pemBlock(kind string, der []byte) []byte {
	return pem.EncodeToMemory(&pem.Block{Type: kind, Bytes: der})
}

// kubeconfig is the admin's, with the certificates embedded so that it can be copied elsewhere.
func (p pki) kubeconfig(server string) *clientcmdapi.Config {
	read := func(name string) []byte {
		data, err := os.ReadFile(p.path(name))
		if err != nil {
			panic(err) // written by loadOrCreatePKI just before
		}
		return data
	}
	config := clientcmdapi.NewConfig()
	config.Clusters["modelport"] = &clientcmdapi.Cluster{Server: server, CertificateAuthorityData: read("ca.crt")}
	config.AuthInfos["admin"] = &clientcmdapi.AuthInfo{
		ClientCertificateData: read("admin.crt"), ClientKeyData: read("admin.key")}
	config.Contexts["modelport"] = &clientcmdapi.Context{Cluster: "modelport", AuthInfo: "admin", Namespace: "default"}
	config.CurrentContext = "modelport"
	return config
}

// earlierPort is the port in the kubeconfig an earlier run left in the folder, or 0.
func earlierPort(kubeconfig string) (int, error) {
	config, err := clientcmd.LoadFromFile(kubeconfig)
	if errors.Is(err, os.ErrNotExist) {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	cluster := config.Clusters["modelport"]
	if cluster == nil {
		return 0, nil
	}
	server, err := url.Parse(cluster.Server)
	if err != nil {
		return 0, err
	}
	return strconv.Atoi(server.Port())
}

// freePort asks the kernel for a free loopback port. Another process could take it before the API server binds
// it; the API server then fails to start with "address already in use" rather than serve elsewhere.
func freePort() (int, error) {
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer listener.Close()
	return listener.Addr().(*net.TCPAddr).Port, nil
}
