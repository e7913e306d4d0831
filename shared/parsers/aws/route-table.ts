import type { JsonFields } from '../parse-helpers';
import type { Parsed } from '../parse-result';
import { awsId, readAwsList, readTags } from './common';
import type { AwsRoute, AwsRouteTable } from './types';

/** Target fields of a route, in the order EC2 fills them. */
const TARGETS = [
  'GatewayId',
  'NatGatewayId',
  'VpcPeeringConnectionId',
  'TransitGatewayId',
  'NetworkInterfaceId',
  'InstanceId',
  'EgressOnlyInternetGatewayId',
  'LocalGatewayId',
  'CarrierGatewayId',
  'CoreNetworkArn',
];

function readRoute(r: JsonFields): AwsRoute | undefined {
  const dest =
    r.string('DestinationCidrBlock') ??
    r.string('DestinationIpv6CidrBlock') ??
    r.string('DestinationPrefixListId');
  if (dest === undefined) {
    r.warn('route has no destination');
    return undefined;
  }
  const route: AwsRoute = { dest };
  const target = TARGETS.map((key) => r.string(key)).find((v) => v !== undefined);
  const state = r.string('State');
  const origin = r.string('Origin');
  if (target !== undefined) route.target = target;
  if (state !== undefined) route.state = state;
  if (origin !== undefined) route.origin = origin;
  return route;
}

function readRouteTable(f: JsonFields): AwsRouteTable | undefined {
  const id = awsId(f, 'RouteTableId', 'rtb', true);
  if (id === undefined) return undefined;
  const table: AwsRouteTable = {
    id,
    path: f.path,
    ...readTags(f),
    routes: f
      .objects('Routes')
      .map(readRoute)
      .filter((r) => r !== undefined),
    associations: f.objects('Associations').map((a) => {
      const assocId = a.string('RouteTableAssociationId');
      const subnetId = awsId(a, 'SubnetId', 'subnet');
      const gatewayId = a.string('GatewayId');
      return {
        main: a.boolean('Main') === true,
        ...(assocId === undefined ? {} : { id: assocId }),
        ...(subnetId === undefined ? {} : { subnetId }),
        ...(gatewayId === undefined ? {} : { gatewayId }),
      };
    }),
  };
  const vpcId = awsId(f, 'VpcId', 'vpc');
  if (vpcId !== undefined) table.vpcId = vpcId;
  return table;
}

/**
 * Parses `aws ec2 describe-route-tables --output json`.
 *
 * Sample route: `{"DestinationCidrBlock":"0.0.0.0/0","NatGatewayId":"nat-06c018cbd8EXAMPLE","Origin":"CreateRoute",
 * "State":"blackhole"}` → `{ dest: '0.0.0.0/0', target: 'nat-06c018cbd8EXAMPLE', state: 'blackhole', origin: 'CreateRoute' }`.
 * Output: one {@link AwsRouteTable} per table with its routes and subnet associations.
 */
export function parseDescribeRouteTables(text: string): Parsed<AwsRouteTable[]> {
  return readAwsList(text, 'RouteTables', readRouteTable);
}
