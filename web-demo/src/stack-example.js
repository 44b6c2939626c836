// The example stack of "Your stack": a SAM template with a custom bus, two functions triggered by
// rules on it (one with InputPath), a scheduled function, and resources the emulator does not
// create (a queue, an EventBridge Scheduler schedule), so that the load report has something to
// skip; and PutEvents entries that fire one function, both, or neither.
export const STACK_TEMPLATE = `AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Description: Orders service (playground example)

Resources:
  OrdersBus:
    Type: AWS::Events::EventBus
    Properties:
      Name: orders

  OrderHandler:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.onOrder
      Runtime: nodejs20.x
      CodeUri: src/
      Events:
        OrderPlaced:
          Type: EventBridgeRule
          Properties:
            EventBusName: !Ref OrdersBus
            Pattern:
              source: [com.example.orders]
              detail-type: [OrderPlaced]

  BigOrderAudit:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.audit
      Runtime: nodejs20.x
      CodeUri: src/
      Events:
        BigOrder:
          Type: EventBridgeRule
          Properties:
            EventBusName: !Ref OrdersBus
            InputPath: $.detail
            Pattern:
              source: [com.example.orders]
              detail:
                total: [{ numeric: [">=", 100] }]

  NightlyReport:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.report
      Runtime: nodejs20.x
      CodeUri: src/
      Events:
        Nightly:
          Type: Schedule
          Properties:
            Schedule: cron(0 2 * * ? *)

  OrdersQueue:
    Type: AWS::SQS::Queue

  Reminder:
    Type: AWS::Scheduler::Schedule
    Properties:
      ScheduleExpression: rate(1 day)
      FlexibleTimeWindow: { Mode: 'OFF' }
      Target:
        Arn: !GetAtt OrdersQueue.Arn
        RoleArn: arn:aws:iam::123456789012:role/scheduler
`;

export const STACK_ENTRIES = `[
  {
    "EventBusName": "orders",
    "Source": "com.example.orders",
    "DetailType": "OrderPlaced",
    "Detail": "{\\"orderId\\":\\"o-1001\\",\\"total\\":149.5}"
  },
  {
    "EventBusName": "orders",
    "Source": "com.example.orders",
    "DetailType": "OrderPlaced",
    "Detail": "{\\"orderId\\":\\"o-1002\\",\\"total\\":20}"
  }
]`;
