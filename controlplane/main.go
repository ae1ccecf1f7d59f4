// Command controlplane runs a small Kubernetes control plane in one process for Modelport's tests and local mode:
// the real kube-apiserver of k8s.io/kubernetes (production flags: RBAC, server-side apply, admission, TokenRequest
// and TokenReview) on an embedded etcd, with the garbage collector and the namespace controller of
// kube-controller-manager. No kubelet and no scheduler: Pods are stored but never run.
//
// Everything it writes goes under --dir: pki/ (CA, serving and admin certificates, service-account signing key),
// etcd/ (the data, kept across restarts), kubeconfig (admin, system:masters), audit.log (every request, at the
// Metadata level). Started again on the same folder it serves the same data on the same port with the same
// certificates, as a restarted API server would. When /readyz answers ok it prints one line, "ready <kubeconfig>";
// SIGTERM or SIGINT stops it cleanly. The components log to stderr.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"time"

	genericapiserver "k8s.io/apiserver/pkg/server"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/clientcmd"
	"k8s.io/kubernetes/cmd/kube-apiserver/app"
)

func main() {
	dir := flag.String("dir", "", "folder for everything the control plane writes (required)")
	port := flag.Int("port", 0, "port on 127.0.0.1; 0 keeps the port of an earlier run on --dir, or picks a free one")
	exitOnEOF := flag.Bool("exit-on-eof", false, "stop when standard input closes, and leave SIGINT to the process "+
		"that started this one: that process decides when it stops, and its death (the pipe closes) stops it too")
	temporary := flag.Bool("temporary", false, "remove --dir once stopped: a throwaway cluster")
	flag.Parse()
	if *dir == "" {
		fmt.Fprintln(os.Stderr, "controlplane: --dir is required")
		os.Exit(2)
	}
	err := run(*dir, *port, *exitOnEOF)
	if *temporary {
		if removeErr := os.RemoveAll(*dir); err == nil {
			err = removeErr
		}
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "controlplane:", err)
		os.Exit(1)
	}
}

func run(dir string, port int, exitOnEOF bool) error {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return err
	}
	kubeconfig := filepath.Join(dir, "kubeconfig")
	if port == 0 {
		if port, err = earlierPort(kubeconfig); err != nil {
			return err
		}
	}
	if port == 0 {
		if port, err = freePort(); err != nil {
			return err
		}
	}
	pki, err := loadOrCreatePKI(filepath.Join(dir, "pki"))
	if err != nil {
		return err
	}
	if err := writeAuditPolicy(dir); err != nil {
		return err
	}
	server := "https://127.0.0.1:" + strconv.Itoa(port)
	if err := clientcmd.WriteToFile(*pki.kubeconfig(server), kubeconfig); err != nil {
		return err
	}

	// The API server's command sets up the process's one signal context (SIGTERM or SIGINT cancels it, a second
	// signal exits at once); the controllers and the wait below share it.
	apiserver := app.NewAPIServerCommand()
	ctx := apiserver.Context()
	if exitOnEOF {
		stopOnEOF(ctx)
	}
	etcd, err := startEtcd(filepath.Join(dir, "etcd"))
	if err != nil {
		return err
	}
	defer etcd.Close()
	apiserver.SetArgs(apiserverArgs(dir, pki, port, etcd.url))
	stopped := make(chan error, 1)
	go func() { stopped <- apiserver.Execute() }()

	config, err := clientcmd.BuildConfigFromFlags("", kubeconfig)
	if err != nil {
		return err
	}
	client, err := kubernetes.NewForConfig(config)
	if err != nil {
		return err
	}
	if err := waitReady(ctx, client, stopped); err != nil {
		if ctx.Err() != nil {
			return <-stopped // asked to stop while starting
		}
		return err
	}
	if err := startControllers(ctx, config); err != nil {
		return err
	}
	fmt.Println("ready", kubeconfig)
	select {
	case <-ctx.Done():
		return <-stopped
	case err := <-stopped:
		if err == nil {
			err = fmt.Errorf("kube-apiserver stopped")
		}
		return err
	}
}

// stopOnEOF stops the process when its standard input closes, and leaves a terminal's Ctrl-C (which reaches the
// whole process group) to the launcher, which stops this process after its own users.
func stopOnEOF(ctx context.Context) {
	signal.Ignore(os.Interrupt)
	go func() {
		_, _ = io.Copy(io.Discard, os.Stdin)
		// A shutdown request counts as a signal, and a second one exits at once, skipping the cleanup. A JVM that
		// stops this process sends SIGTERM and closes the pipe at the same moment: give its signal time to arrive,
		// and ask only if none did (the launcher died).
		select {
		case <-ctx.Done():
		case <-time.After(2 * time.Second):
			genericapiserver.RequestShutdown()
		}
	}()
}
