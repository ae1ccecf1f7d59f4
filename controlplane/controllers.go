package main

import (
	"context"
	"time"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/client-go/discovery/cached/memory"
	"k8s.io/client-go/informers"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/metadata"
	"k8s.io/client-go/metadata/metadatainformer"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/restmapper"
	"k8s.io/controller-manager/pkg/informerfactory"
	"k8s.io/kubernetes/pkg/controller/garbagecollector"
	"k8s.io/kubernetes/pkg/controller/namespace"
)

// discoveryPeriod is how often the garbage collector looks for new resources (a CRD installed after the start).
// kube-controller-manager uses 30 s; a test installs its CRD and deletes an owner within seconds.
const discoveryPeriod = 2 * time.Second

// startControllers runs the two kube-controller-manager controllers that make deletion behave as in a cluster:
// the garbage collector (owner references cascade) and the namespace controller (a deleted namespace empties and
// goes). They run as the admin until ctx ends.
func startControllers(ctx context.Context, config *rest.Config) error {
	config = rest.CopyConfig(config)
	config.QPS, config.Burst = 200, 400
	client, err := kubernetes.NewForConfig(config)
	if err != nil {
		return err
	}
	metadataClient, err := metadata.NewForConfig(config)
	if err != nil {
		return err
	}
	shared := informers.NewSharedInformerFactory(client, 0)
	metadataShared := metadatainformer.NewSharedInformerFactory(metadataClient, 0)
	mapper := restmapper.NewDeferredDiscoveryRESTMapper(memory.NewMemCacheClient(client.Discovery()))
	informersStarted := make(chan struct{})

	gc, err := garbagecollector.NewGarbageCollector(ctx, client, metadataClient, mapper,
		garbagecollector.DefaultIgnoredResources(), informerfactory.NewInformerFactory(shared, metadataShared),
		informersStarted)
	if err != nil {
		return err
	}
	namespaces := namespace.NewNamespaceController(ctx, client, metadataClient,
		client.Discovery().ServerPreferredNamespacedResources, shared.Core().V1().Namespaces(), 5*time.Minute,
		corev1.FinalizerKubernetes)

	shared.Start(ctx.Done())
	metadataShared.Start(ctx.Done())
	close(informersStarted)
	go gc.Run(ctx, 5, 30*time.Second)
	go gc.Sync(ctx, client.Discovery(), discoveryPeriod)
	go namespaces.Run(ctx, 5)
	return nil
}
