/**
 * What the demo cluster runs: its zones and subnets, and the container images of the EKS
 * add-ons (from the region's EKS ECR account) and of the nginx Deployment.
 */
import type { ContainerSpec } from './types';

/** The ECR account that serves EKS add-on images in ap-northeast-2. */
const ECR = '602401143452.dkr.ecr.ap-northeast-2.amazonaws.com';

export const ZONES = [
  { zone: 'ap-northeast-2a', id: 'apne2-az1', cidr: '192.168.1.0/24' },
  { zone: 'ap-northeast-2b', id: 'apne2-az2', cidr: '192.168.2.0/24' },
  { zone: 'ap-northeast-2c', id: 'apne2-az3', cidr: '192.168.3.0/24' },
] as const;

export const AWS_NODE: ContainerSpec[] = [
  {
    name: 'aws-node',
    image: `${ECR}/amazon-k8s-cni:v1.19.2-eksbuild.1`,
    ports: [{ name: 'metrics', containerPort: 61678, protocol: 'TCP' }],
    // The warm-pool settings ipamd runs with (model/ipam.ts plays them; build.ts's cni agrees).
    env: [
      { name: 'ADDITIONAL_ENI_TAGS', value: '{}' },
      { name: 'AWS_VPC_K8S_CNI_EXTERNALSNAT', value: 'false' },
      { name: 'ENABLE_PREFIX_DELEGATION', value: 'false' },
      { name: 'WARM_ENI_TARGET', value: '1' },
      { name: 'WARM_PREFIX_TARGET', value: '1' },
    ],
  },
  {
    name: 'aws-eks-nodeagent',
    image: `${ECR}/amazon/aws-network-policy-agent:v1.1.6-eksbuild.1`,
    ports: [],
  },
];
export const KUBE_PROXY: ContainerSpec[] = [
  { name: 'kube-proxy', image: `${ECR}/eks/kube-proxy:v1.31.3-minimal-eksbuild.2`, ports: [] },
];
export const COREDNS: ContainerSpec[] = [
  {
    name: 'coredns',
    image: `${ECR}/eks/coredns:v1.11.4-eksbuild.2`,
    ports: [
      { name: 'dns', containerPort: 53, protocol: 'UDP' },
      { name: 'dns-tcp', containerPort: 53, protocol: 'TCP' },
      { name: 'metrics', containerPort: 9153, protocol: 'TCP' },
    ],
  },
];
export const NGINX: ContainerSpec[] = [{ name: 'nginx', image: 'nginx', ports: [] }];
